"""For community's link registry: the events and session outcomes about a bespreekpunt."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.models import Page

from community.links import Link
from events.models import EventPage
from events.selectors import outcomes_for_bespreekpunt, programme_bespreekpunt_ids, same_page_ids


def bespreekpunt_links(bespreekpunt: Page) -> list[Link]:
    wanted = same_page_ids(bespreekpunt.pk)
    events = EventPage.objects.live().filter(locale_id=bespreekpunt.locale_id).order_by("-start")
    links = [
        Link(
            _("Event: %(title)s (%(date)s)")
            % {"title": event.title, "date": date_format(localtime(event.start), "j F Y")},
            event.url or "",
            "event",
        )
        for event in events
        if wanted & programme_bespreekpunt_ids(event)
    ]
    links += [
        Link(_("Outcomes: %(title)s") % {"title": outcome.title}, outcome.url or "", "outcome")
        for outcome in outcomes_for_bespreekpunt(bespreekpunt)
    ]
    return links
