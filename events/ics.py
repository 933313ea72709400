"""iCalendar (RFC 5545) files: one event as an attachment or download, and subscribable feeds.

Times are written in Europe/Amsterdam with a VTIMEZONE, so calendars show the local time on
both sides of the summer-time change while the UTC instants stay those stored in the database.
A series is one VEVENT with its RRULE and an EXDATE for each date without a session (an
exception or a cancelled occurrence); an occurrence whose time or text was changed on its own
follows as a VEVENT with the same UID and its RECURRENCE-ID, as calendar apps expect.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

from events.models import EventPage, EventSeriesPage

PRODID = "-//Velon themagroep Flexibel Opleiden//Agenda//NL"


def build_calendar(
    events: Iterable[EventPage],
    *,
    name: str,
    private: bool = False,
    method: str = "PUBLISH",
    series: Iterable[EventSeriesPage] = (),
) -> bytes:
    """A calendar of `events` and `series`; `private` adds the online link, for registered
    participants (single events only: a series' feed is public)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(_vevent(event, private=private))
    for one_series in series:
        for vevent in _series_vevents(one_series):
            calendar.add_component(vevent)
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


def _series_vevents(series: EventSeriesPage) -> list[Event]:
    from events.series import changed_fields

    zone = ZoneInfo(settings.TIME_ZONE)
    uid = f"{series.translation_key}@flexibelopleiden"
    rule_starts = series.rule_starts()
    occurrences = list(series.occurrences().live())
    skipped = series.exception_dates() | {
        occurrence.series_date for occurrence in occurrences if occurrence.is_cancelled
    }
    master = _common(Event(), series, uid)
    master.add("dtstart", series.start.astimezone(zone))
    master.add("dtend", series.end.astimezone(zone))
    master.add("rrule", series.ical_rule())
    exdates = [rule_starts[day].astimezone(zone) for day in sorted(skipped) if day in rule_starts]
    if exdates:
        master.add("exdate", exdates)
    master.add("status", "CONFIRMED")
    vevents = [master]
    shown = {"start", "end", "title", "location", "summary", "description"}
    for occurrence in occurrences:
        if occurrence.is_cancelled or occurrence.series_date not in rule_starts:
            continue
        if not changed_fields(occurrence) & shown:
            continue
        override = _common(Event(), occurrence, uid)
        override.add("recurrence-id", rule_starts[occurrence.series_date].astimezone(zone))
        override.add("dtstart", occurrence.start.astimezone(zone))
        override.add("dtend", occurrence.end.astimezone(zone))
        override.add("status", "CONFIRMED")
        vevents.append(override)
    return vevents


def _common(vevent: Event, page, uid: str) -> Event:
    """What a series and its changed occurrences say alike: texts, place, link."""
    zone = ZoneInfo(settings.TIME_ZONE)
    url = page.get_full_url() or ""
    vevent.add("uid", uid)
    vevent.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    vevent.add("summary", page.title)
    lines = [page.summary or strip_tags(page.description)[:500], url]
    vevent.add("description", "\n\n".join(line for line in lines if line))
    if page.location:
        vevent.add("location", page.location)
    if url:
        vevent.add("url", url)
    if page.organiser:
        vevent.add("x-organiser-name", page.organiser)
    vevent.add("last-modified", (page.last_published_at or timezone.now()).astimezone(zone))
    return vevent
