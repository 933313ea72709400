"""iCalendar (RFC 5545) files: one event as an attachment or download, and subscribable feeds.

Times are written in Europe/Amsterdam with a VTIMEZONE, so calendars show the local time on
both sides of the summer-time change while the UTC instants stay those stored in the database.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from events.models import EventPage

PRODID = "-//Velon themagroep Flexibel Opleiden//Agenda//NL"


def build_calendar(
    events: Iterable[EventPage], *, name: str, private: bool = False, method: str = "PUBLISH"
) -> bytes:
    """A calendar of `events`; `private` adds the online link, for registered participants."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(_vevent(event, private=private))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _vevent(event: EventPage, *, private: bool) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    url = event.get_full_url() or ""
    vevent = Event()
    # The translation key is shared by all languages: one event, one UID.
    vevent.add("uid", f"{event.translation_key}@flexibelopleiden")
    vevent.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    vevent.add("summary", event.title)
    lines = [event.summary or strip_tags(event.description)[:500]]
    if private and event.online_url:
        lines.append(event.online_url)
    lines.append(url)
    vevent.add("description", "\n\n".join(line for line in lines if line))
    location = event.online_url if private and event.online_url else event.location
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    if event.organiser:
        vevent.add("x-organiser-name", event.organiser)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("last-modified", (event.last_published_at or timezone.now()).astimezone(zone))
    return vevent
