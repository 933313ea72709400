"""Series: the rule across summer time and exceptions, one capacity and waiting list per
session, edits that reach the sessions not changed on their own, cancellations that notify."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from events import actions
from events.models import EventPage, EventSeriesPage, OutcomePage, Registration, SeriesException
from events.recurrence import build_rule, describe, expand
from events.series import changed_fields, sync_series
from tests.factories import make_member

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Status = Registration.Status


def test_monthly_on_the_second_tuesday_keeps_its_local_time_across_summer_time():
    # 2027: summer time starts on 28 March, ends on 31 October.
    first = datetime(2027, 1, 12, 19, 30, tzinfo=AMSTERDAM)
    starts = expand(build_rule(first, "monthly_weekday", count=12))
    assert [start.date() for start in starts[:4]] == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
    ]
    assert all(start.weekday() == 1 and 8 <= start.day <= 14 for start in starts)
    assert {(start.hour, start.minute) for start in starts} == {(19, 30)}
    utc_hours = [start.astimezone(ZoneInfo("UTC")).hour for start in starts]
    assert utc_hours[2] == 18 and utc_hours[3] == 17  # March in CET, April in CEST
    assert utc_hours[9] == 17 and utc_hours[10] == 18  # October CEST, November CET again


def test_exceptions_and_until_and_the_last_weekday():
    first = datetime(2027, 3, 25, 10, 0, tzinfo=AMSTERDAM)  # the last Thursday of March
    rule = build_rule(first, "monthly_last_weekday", until=date(2027, 7, 31))
    starts = expand(rule, exceptions=[date(2027, 5, 27)])
    assert [start.date() for start in starts] == [
        date(2027, 3, 25),
        date(2027, 4, 29),
        date(2027, 6, 24),
        date(2027, 7, 29),
    ]
    weekly = expand(build_rule(first, "weekly", interval=2, count=3))
    assert [start.date() for start in weekly] == [
        date(2027, 3, 25),
        date(2027, 4, 8),
        date(2027, 4, 22),
    ]
    assert weekly[0].utcoffset() == timedelta(hours=1)
    assert weekly[1].utcoffset() == timedelta(hours=2)


@translation.override("nl")
def test_rule_in_words():
    first = datetime(2027, 1, 12, 19, 30, tzinfo=AMSTERDAM)
    assert describe(first, "monthly_weekday", count=8) == (
        "Elke maand op de tweede dinsdag, 8 keer"
    )
    assert describe(first, "weekly", interval=2, until=date(2027, 6, 1)) == (
        "Om de 2 weken op dinsdag, tot 1 juni 2027"
    )


@translation.override("nl")
def test_a_series_needs_an_end_and_stays_small(agenda):
    start = timezone.now() + timedelta(days=3)
    series = EventSeriesPage(
        title="x", slug="x", kind="online", start=start, end=start + timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="aantal bijeenkomsten of de laatste datum"):
        series.clean()
    series.count = 500
    with pytest.raises(ValidationError, match="hoogstens 60"):
        series.clean()


def test_publishing_makes_one_occurrence_per_date_minus_exceptions(make_series):
    first = timezone.localtime() + timedelta(days=7)
    skipped = (first + timedelta(days=14)).date()
    series = make_series(exceptions=[skipped])
    occurrences = list(series.occurrences())
    assert len(occurrences) == 3
    assert skipped not in {occurrence.series_date for occurrence in occurrences}
    for occurrence in occurrences:
        assert occurrence.live and occurrence.title == "Online intervisie"
        assert occurrence.start.astimezone(AMSTERDAM).strftime("%H:%M") == "19:30"
        assert occurrence.end - occurrence.start == timedelta(hours=1, minutes=30)
        assert changed_fields(occurrence) == set()
    # Publishing again changes nothing.
    assert sync_series(series).created == 0
    assert EventPage.objects.child_of(series).count() == 3


def test_each_occurrence_has_its_own_capacity_waiting_list_and_outcomes(make_series):
    series = make_series(capacity=1)
    first, second, *_rest = series.occurrences()
    anouk, bram = make_member("anouk"), make_member("bram")
    assert actions.check_register_member(anouk, first).status == Status.CONFIRMED
    assert actions.check_register_member(bram, first).status == Status.WAITLISTED
    assert actions.check_register_member(bram, second).status == Status.CONFIRMED
    first.capacity = 2
    first.save_revision().publish()
    assert changed_fields(first) == {"capacity"}
    actions.do_cancel_registration(Registration.objects.get(user=anouk, event=first))
    assert Registration.objects.get(user=bram, event=first).status == Status.CONFIRMED
    outcome = first.add_child(instance=OutcomePage(title="Opbrengsten", slug="opbrengsten"))
    outcome.save_revision().publish()
    assert list(OutcomePage.objects.child_of(first)) == [outcome]
    assert not OutcomePage.objects.child_of(second).exists()


def test_series_edits_reach_future_occurrences_not_changed_on_their_own(make_series):
    # Tomorrow evening: "upcoming" stays upcoming whatever the time of day the test runs.
    tomorrow = timezone.localtime() + timedelta(days=1)
    start = tomorrow.replace(hour=19, minute=30, second=0, microsecond=0)
    series = make_series(start=start - timedelta(days=7), count=4)
    past, upcoming, moved, renamed = series.occurrences()
    assert past.start < timezone.now()
    moved.start += timedelta(days=1)
    moved.end += timedelta(days=1)
    moved.save_revision().publish()
    renamed.title = "Intervisie met gastspreker"
    renamed.save_revision().publish()

    series.title = "Intervisie zij-instroom"
    series.description = "<p>Nieuwe opzet.</p>"
    series.start += timedelta(minutes=30)
    series.end += timedelta(minutes=60)
    series.save_revision().publish()

    past, upcoming, moved, renamed = (
        EventPage.objects.get(pk=page.pk) for page in (past, upcoming, moved, renamed)
    )
    assert past.title == "Online intervisie" and past.description == ""
    assert upcoming.title == "Intervisie zij-instroom"
    assert upcoming.description == "<p>Nieuwe opzet.</p>"
    local = upcoming.start.astimezone(AMSTERDAM)
    assert (local.hour, local.minute) == (20, 0)
    assert upcoming.end - upcoming.start == timedelta(hours=2)
    # The moved session keeps its own times but takes the new title.
    assert moved.title == "Intervisie zij-instroom"
    assert moved.start.astimezone(AMSTERDAM).strftime("%H:%M") == "19:30"
    assert moved.start.date() - moved.series_date == timedelta(days=1)
    # The renamed one keeps its title but takes the new times and text.
    assert renamed.title == "Intervisie met gastspreker"
    assert renamed.start.astimezone(AMSTERDAM).strftime("%H:%M") == "20:00"
    assert renamed.description == "<p>Nieuwe opzet.</p>"
    assert changed_fields(renamed) == {"title"}
    assert EventPage.objects.get(pk=upcoming.pk).get_latest_revision().content["title"] == (
        "Intervisie zij-instroom"
    )


def test_cancelling_one_occurrence_notifies_only_its_registrants(make_series):
    series = make_series()
    first, second, *_rest = series.occurrences()
    anouk, bram = make_member("anouk"), make_member("bram")
    actions.check_register_member(anouk, first)
    actions.check_register_member(bram, second)
    mail.outbox.clear()
    first.is_cancelled = True
    first.save_revision().publish()
    assert [message.to for message in mail.outbox] == [[anouk.email]]
    assert "geannuleerd" in mail.outbox[0].subject.lower()
    assert Registration.objects.get(user=anouk).status == Status.CANCELLED
    assert Registration.objects.get(user=bram).status == Status.CONFIRMED
    # The series publishing again does not bring the cancelled session back.
    series.save_revision().publish()
    assert EventPage.objects.get(pk=first.pk).is_cancelled


def test_an_exception_added_later_cancels_that_session_and_notifies(make_series):
    series = make_series()
    _first, second, *_rest = series.occurrences()
    anouk = make_member("anouk")
    actions.check_register_member(anouk, second)
    mail.outbox.clear()
    series.exceptions.add(SeriesException(date=second.series_date))
    series.count = 3
    series.save_revision().publish()
    occurrences = {page.series_date: page for page in series.occurrences()}
    assert occurrences[second.series_date].is_cancelled
    assert sum(page.is_cancelled for page in occurrences.values()) == 2  # the 4th left the rule
    assert [message.to for message in mail.outbox] == [[anouk.email]]


def test_series_page_lists_sessions_with_seats_and_my_registration(
    client, make_series, member, django_assert_max_num_queries
):
    series = make_series()
    first, *_rest = series.occurrences()
    actions.check_register_member(member, first)
    client.force_login(member)
    client.get(series.url)
    # The sessions' seats and the reader's registrations come in a fixed number of queries.
    with django_assert_max_num_queries(25):
        response = client.get(series.url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Elke week op" in text and "4 keer" in text
    assert text.count("Je bent aangemeld.") == 1
    assert text.count("2 plaatsen vrij.") == 3
    response = client.get(first.url)
    assert "Online intervisie</a>" in response.content.decode()


def test_english_translation_of_a_series_gets_translated_occurrences(make_series, locales):
    series = make_series()
    translation = series.copy_for_translation(locales["en"], copy_parents=True)
    translation.title = "Online peer consultation"
    translation.save_revision().publish()
    english = list(EventPage.objects.child_of(translation).order_by("start"))
    assert len(english) == 4
    assert {page.title for page in english} == {"Online peer consultation"}
    first_nl = series.occurrences().first()
    assert english[0].translation_key == first_nl.translation_key
    member = make_member("anouk")
    actions.check_register_member(member, english[0])
    assert Registration.objects.get().event_id == first_nl.pk
    # A new time on the Dutch series reaches the English sessions too.
    series.start += timedelta(hours=1)
    series.end += timedelta(hours=1)
    series.save_revision().publish()
    english[0].refresh_from_db()
    assert english[0].start == EventPage.objects.get(pk=first_nl.pk).start
    assert english[0].title == "Online peer consultation"


def test_agenda_lists_each_session_of_a_series_with_a_badge(client, agenda, make_series):
    series = make_series(exceptions=[(timezone.localtime() + timedelta(days=14)).date()])
    text = client.get(agenda.url).content.decode()
    for occurrence in series.occurrences():
        assert occurrence.url in text
    assert text.count('<span class="badge">Reeks</span>') == 3


def test_an_extra_session_added_by_hand_is_left_alone(make_series):
    series = make_series()
    start = timezone.now() + timedelta(days=3)
    extra = EventPage(
        title="Extra avond",
        slug="extra",
        kind="online",
        start=start,
        end=start + timedelta(hours=1),
    )
    series.add_child(instance=extra)
    extra.save_revision().publish()
    series.title = "Nieuwe titel"
    series.save_revision().publish()
    extra.refresh_from_db()
    assert extra.title == "Extra avond" and not extra.is_cancelled
