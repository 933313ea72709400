"""Read-only queries other apps use (the home page's recent and pinned discussions)."""

from django.db.models import QuerySet

from community.models import BespreekpuntPage, Topic
from community.views.context import topic_url


def recent_topics(locale, limit: int = 4) -> list[Topic]:
    """The most recently active topics, each with `.url` under the `locale`'s bespreekpunt."""
    return _with_urls(_listed_topics().order_by("-last_posted_at")[:limit], locale)


def site_pinned_topics(locale, limit: int = 5) -> list[Topic]:
    """Topics a moderator pinned site-wide, for the home page."""
    topics = _listed_topics().filter(is_pinned_globally=True).order_by("-last_posted_at")
    return _with_urls(topics[:limit], locale)


def _listed_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(bespreekpunt__live=True, is_pending=False).select_related(
        "bespreekpunt"
    )


def _with_urls(queryset: QuerySet[Topic], locale) -> list[Topic]:
    """Sets `.url` and `.bespreekpunt_title` from the `locale`'s translation of the bespreekpunt."""
    topics = list(queryset)
    keys = {topic.bespreekpunt.translation_key for topic in topics}
    pages = {
        page.translation_key: page
        for page in BespreekpuntPage.objects.live().filter(locale=locale, translation_key__in=keys)
    }
    for topic in topics:
        page = pages.get(topic.bespreekpunt.translation_key, topic.bespreekpunt)
        topic.url = topic_url(page, topic)
        topic.bespreekpunt_title = page.title
    return topics
