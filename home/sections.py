"""What the home page shows from the other apps; home is the one app that may import them all."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from community.selectors import recent_topics
from events.models import EventPage
from knowledge.models import ArticlePage

HOME_LIST_LENGTH = 4


@dataclass
class HomeSection:
    key: str
    title: str | Promise
    empty_text: str | Promise
    items: list = field(default_factory=list)


def home_sections(request: HttpRequest, page: Page) -> list[HomeSection]:
    locale = Locale.get_active()
    events = list(
        EventPage.objects.live()
        .filter(locale=locale, end__gte=timezone.now())
        .order_by("start")[:HOME_LIST_LENGTH]
    )
    discussions = recent_topics(locale, HOME_LIST_LENGTH)
    articles = list(
        ArticlePage.objects.live()
        .filter(locale=locale)
        .order_by("-first_published_at")[:HOME_LIST_LENGTH]
    )
    return [
        HomeSection(
            "events",
            _("Upcoming events"),
            _("No events are planned yet. Keep an eye on the agenda."),
            events,
        ),
        HomeSection(
            "discussions",
            _("Recent discussions"),
            _("Nothing has been discussed yet. Start with one of the bespreekpunten."),
            discussions,
        ),
        HomeSection(
            "articles",
            _("New in the knowledge base"),
            _("The knowledge base is still empty. Members can write the first article."),
            articles,
        ),
    ]
