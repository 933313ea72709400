"""Calendar files parse back with the icalendar package and keep the stored UTC instants."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.ics import build_calendar
from events.models import EventPage

# 29 March 2026: summer time starts at 02:00 in Europe/Amsterdam (UTC+1 -> UTC+2).
BEFORE_CHANGE = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # 10:00 CET
AFTER_CHANGE = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # 10:00 CEST


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def instants(calendar: Calendar) -> dict[str, tuple[datetime, datetime]]:
    return {
        str(vevent["summary"]): (vevent.decoded("dtstart"), vevent.decoded("dtend"))
        for vevent in calendar.walk("VEVENT")
    }


@pytest.fixture
def two_sides_of_summer_time(make_event):
    return [
        make_event(title="Voor", slug="voor", start=BEFORE_CHANGE, kind="werksessie"),
        make_event(title="Na", slug="na", start=AFTER_CHANGE, kind="studiedag"),
    ]


def test_calendar_has_amsterdam_timezone_and_same_utc_instants(two_sides_of_summer_time):
    calendar = parse(build_calendar(two_sides_of_summer_time, name="Agenda"))
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    found = instants(calendar)
    for event in two_sides_of_summer_time:
        start, end = found[event.title]
        assert start == event.start and end == event.end
    assert found["Voor"][0].hour == 10 and found["Voor"][0].utcoffset().seconds == 3600
    assert found["Na"][0].hour == 10 and found["Na"][0].utcoffset().seconds == 7200


def test_one_uid_per_event_whatever_the_language(event):
    calendar = parse(build_calendar([event], name="x"))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"{event.translation_key}@flexibelopleiden"
    for name in ("dtstamp", "dtstart", "dtend", "summary"):
        assert name in vevent


def test_public_calendar_hides_the_online_link(make_event):
    event = make_event(online_url="https://meet.example.org/geheim")
    assert b"geheim" not in build_calendar([event], name="x")
    assert b"geheim" in build_calendar([event], name="x", private=True)


def test_feeds_per_kind_parse_back(client, agenda, two_sides_of_summer_time):
    response = client.get("/nl/agenda/kalender/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert set(instants(parse(response.content))) == {"Voor", "Na"}
    response = client.get("/nl/agenda/kalender/werksessie/")
    assert set(instants(parse(response.content))) == {"Voor"}
    assert client.get("/nl/agenda/kalender/feest/").status_code == 404


def test_event_download_and_email_attachment_agree(client, event, member):
    from django.core import mail

    from events.actions import check_register_member

    download = parse(client.get(event.url + "kalender/").content)
    check_register_member(member, event)
    (_name, attachment, _type) = mail.outbox[0].attachments[0]
    attached = parse(attachment if isinstance(attachment, bytes) else attachment.encode())
    assert instants(download) == instants(attached)
    assert isinstance(event, EventPage)


def test_member_feed_lists_only_own_confirmed_events(client, agenda, make_event, member):
    from events.actions import check_register_member
    from events.links import member_feed_token

    mine = make_event(title="Mijn werksessie", slug="mijn")
    make_event(title="Andere", slug="andere")
    check_register_member(member, mine)
    response = client.get(f"/nl/agenda/mijn-kalender/{member_feed_token(member)}/")
    assert set(instants(parse(response.content))) == {"Mijn werksessie"}
    assert client.get("/nl/agenda/mijn-kalender/1-vals/").status_code == 404


def test_series_feed_round_trips_rrule_exdate_and_a_moved_session(client, agenda, make_series):
    from dateutil.rrule import rruleset, rrulestr

    first = timezone.localtime() + timedelta(days=7)
    series = make_series(frequency="weekly", count=5, exceptions=[(first + timedelta(7)).date()])
    single = make_event_in(agenda)
    occurrences = list(series.occurrences())
    cancelled, moved = occurrences[1], occurrences[2]
    cancelled.is_cancelled = True
    cancelled.save_revision().publish()
    moved.start += timedelta(hours=1)
    moved.end += timedelta(hours=1)
    moved.save_revision().publish()

    response = client.get(agenda.url + agenda.reverse_subpage("feed"))
    calendar = parse(response.content)
    uid = f"{series.translation_key}@flexibelopleiden"
    vevents = [vevent for vevent in calendar.walk("VEVENT") if str(vevent["uid"]) == uid]
    master = next(vevent for vevent in vevents if "rrule" in vevent)
    (override,) = [vevent for vevent in vevents if "recurrence-id" in vevent]
    assert {str(vevent["uid"]) for vevent in calendar.walk("VEVENT")} == {
        uid,
        f"{single.translation_key}@flexibelopleiden",
    }
    assert master["rrule"].to_ical() == b"FREQ=WEEKLY;COUNT=5;BYDAY=" + (
        first.strftime("%a")[:2].upper().encode()
    )
    assert str(master["dtstart"].params["TZID"]) == "Europe/Amsterdam"

    rules = rruleset()
    start = master.decoded("dtstart")
    rules.rrule(rrulestr(master["rrule"].to_ical().decode(), dtstart=start))
    exdates = master["exdate"] if isinstance(master["exdate"], list) else [master["exdate"]]
    for exdate in exdates:
        for value in exdate.dts:
            rules.exdate(value.dt)
    expanded = {instant.astimezone(UTC) for instant in rules}
    live = EventPage.objects.child_of(series).filter(is_cancelled=False)
    rule_instants = {page.start.astimezone(UTC) for page in live.exclude(pk=moved.pk)} | {
        series.rule_starts()[moved.series_date].astimezone(UTC)
    }
    assert expanded == rule_instants
    assert len(expanded) == 3  # five, minus an exception and a cancelled session
    assert override.decoded("recurrence-id").astimezone(UTC) == (
        series.rule_starts()[moved.series_date].astimezone(UTC)
    )
    assert override.decoded("dtstart").astimezone(UTC) == moved.start


def test_series_has_its_own_calendar_download(client, make_series):
    series = make_series()
    response = client.get(series.url + series.reverse_subpage("ics"))
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = parse(response.content).walk("VEVENT")
    assert "rrule" in vevent and str(vevent["summary"]) == "Online intervisie"


def make_event_in(agenda):
    start = timezone.now() + timedelta(days=3)
    event = EventPage(
        title="Los", slug="los", kind="werksessie", start=start, end=start + timedelta(hours=2)
    )
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return event
