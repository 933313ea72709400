"""Demo content of the events app, loaded by `manage.py load_demo` (idempotent).

Builds the agenda with the 2022 sessions of the manifest (and their outcomes), a few upcoming
events with registrations and a waiting list, a monthly online series, and a study day that is
over with its certificates. Registrations are written directly, in order, so
loading the demo sends no email; pages are found by slug and registrations by email address, so
a second run adds nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page

from events.certificates import do_issue_certificates
from events.demo_content import (
    AGENDA,
    FINISHED_STUDIEDAG,
    OUTCOMES,
    PAST_EVENTS,
    SERIES,
    UPCOMING_EVENTS,
)
from events.models import (
    EventIndexPage,
    EventPage,
    EventSeriesPage,
    OutcomePage,
    Registration,
    SeriesException,
)
from events.recurrence import build_rule, expand
from home.demo import DemoContext, ensure_page, ensure_translation


def load(context: DemoContext) -> None:
    """Builds this app's part of the demo site below `context.home`."""
    agenda = ensure_page(context.home, EventIndexPage, "agenda", **AGENDA["nl"])
    ensure_translation(agenda, "en", **AGENDA["en"])
    context.pages["agenda"] = agenda
    zone = ZoneInfo(settings.TIME_ZONE)
    for spec in PAST_EVENTS:
        start = datetime.fromisoformat(spec["start"]).replace(tzinfo=zone)
        end = datetime.fromisoformat(spec["end"]).replace(tzinfo=zone)
        event = _event(context, agenda, spec, start, end, programme=[])
        _outcome(context, event, OUTCOMES[spec["outcome"]])
    today = timezone.localdate()
    for spec in UPCOMING_EVENTS:
        # Whole hours on a day relative to today: the same on every run that day.
        day = today + timedelta(days=spec["days"])
        start = datetime.combine(day, time(spec["hour"]), tzinfo=zone)
        event = _event(
            context, agenda, spec, start, start + timedelta(hours=spec["hours"]), spec["programme"]
        )
        _registrations(context, event, spec["registrations"])
    _series(context, agenda, SERIES)
    _finished_studiedag(context, agenda, FINISHED_STUDIEDAG)


def _series(context: DemoContext, agenda: EventIndexPage, spec: dict) -> None:
    """The monthly series; its times are set when it is first made, so later runs (another
    month) leave its dates alone."""
    existing = agenda.get_children().filter(slug=spec["slug"]).exists()
    fields = dict(spec["fields"])
    if not existing:
        start = _second_tuesday(timezone.localdate(), spec["months_before"])
        first_start = _series_first_start(start, spec)
        fields.update(start=first_start, end=first_start + timedelta(minutes=spec["minutes"]))
        fields["count"] = spec["count"]
        rule = build_rule(first_start, fields["frequency"], count=spec["count"])
        skipped = expand(rule)[spec["skip"]].date()
        fields["exceptions"] = [SeriesException(date=skipped)]
    series = ensure_page(agenda, EventSeriesPage, spec["slug"], **fields, **spec["nl"])
    ensure_translation(series, "en", **spec["en"])
    context.pages[f"series:{spec['slug']}"] = series
    now = timezone.now()
    occurrences = list(series.occurrences().filter(is_cancelled=False))
    upcoming = [page for page in occurrences if page.start > now]
    past = [page for page in occurrences if page.end < now]
    if upcoming:
        _registrations(context, upcoming[0], spec["next_registrations"])
    if past:
        _registrations(context, past[-1], spec["past_participants"], checked_in=True)


def _second_tuesday(today, months_before: int):
    """The second Tuesday of the month `months_before` months before today's."""
    month_index = today.year * 12 + today.month - 1 - months_before
    day = today.replace(year=month_index // 12, month=month_index % 12 + 1, day=8)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return day


def _series_first_start(day, spec: dict) -> datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(day, time(spec["hour"], spec["minute"]), tzinfo=zone)


def _finished_studiedag(context: DemoContext, agenda: EventIndexPage, spec: dict) -> None:
    """A study day that is over, with checked-in participants and their certificates."""
    fields = dict(spec["fields"])
    if not agenda.get_children().filter(slug=spec["slug"]).exists():
        day = timezone.localdate() - timedelta(days=spec["days_before"])
        start = _series_first_start(day, spec)
        fields.update(start=start, end=start + timedelta(minutes=spec["minutes"]))
    fields["certificate_hours"] = Decimal(fields["certificate_hours"])
    event = ensure_page(agenda, EventPage, spec["slug"], **fields, **spec["nl"])
    ensure_translation(event, "en", **spec["en"])
    context.pages[f"event:{spec['slug']}"] = event
    _registrations(context, event, spec["checked_in"], checked_in=True)
    _registrations(context, event, spec["absent"])
    # Issued as the organiser would after the day, without emailing anyone.
    do_issue_certificates(None, event, timezone.now(), notify=False)


def _event(context, agenda, spec, start, end, programme) -> EventPage:
    fields = {**spec["fields"], "start": start, "end": end}
    nl = {key: value for key, value in spec["nl"].items() if key != "slots"}
    en = {key: value for key, value in spec["en"].items() if key != "slots"}
    event = ensure_page(
        agenda,
        EventPage,
        spec["slug"],
        **fields,
        **nl,
        programme=_programme(context, programme, spec["nl"].get("slots", []), "nl"),
    )
    ensure_translation(
        event,
        "en",
        **fields,
        **en,
        programme=_programme(context, programme, spec["en"].get("slots", []), "en"),
    )
    context.pages[f"event:{spec['slug']}"] = event
    return event


def _programme(context, slots, titles, language) -> list:
    blocks = []
    # Times as ISO strings, the form the StreamField stores, so a second run finds no change.
    for (start, end, bespreekpunt), title in zip(slots, titles, strict=True):
        blocks.append(
            (
                "slot",
                {
                    "start": time.fromisoformat(start).isoformat(),
                    "end": time.fromisoformat(end).isoformat(),
                    "title": title,
                    "description": "",
                    "bespreekpunt": _bespreekpunt(context, bespreekpunt, language),
                },
            )
        )
    return blocks


def _bespreekpunt(context: DemoContext, slug: str | None, language: str) -> Page | None:
    """The bespreekpunt in this language; None while the community demo has not made it."""
    page = context.pages.get(f"bespreekpunt:{slug}") if slug else None
    if page is None or language == page.locale.language_code:
        return page
    return page.get_translation_or_none(Locale.objects.get(language_code=language)) or page


def _outcome(context: DemoContext, event: EventPage, spec: dict) -> None:
    common = {"scribes": spec["scribes"], "no_names": spec["no_names"]}
    outcome = ensure_page(
        event, OutcomePage, spec["slug"], **common, **_outcome_fields(context, spec["nl"], "nl")
    )
    ensure_translation(outcome, "en", **common, **_outcome_fields(context, spec["en"], "en"))


def _outcome_fields(context: DemoContext, texts: dict, language: str) -> dict:
    body = []
    for slug, insights, questions, agreements, advice, quotes in texts["blocks"]:
        page = _bespreekpunt(context, slug, language)
        if page is None:
            continue
        body.append(
            (
                "bespreekpunt",
                {
                    "bespreekpunt": page,
                    "insights": insights,
                    "open_questions": questions,
                    "agreements": agreements,
                    "advice": advice,
                    "quotes": [{"text": text, "speaker": who} for text, who in quotes],
                },
            )
        )
    return {"title": texts["title"], "intro": texts["intro"], "body": body}


def _registrations(
    context: DemoContext, event: EventPage, usernames: list[str], *, checked_in: bool = False
) -> None:
    """Seats in the listed order, the rest on the waiting list, as the actions would do;
    `checked_in` for a session that took place."""
    for username in usernames:
        user = context.members.get(username)
        if user is None or Registration.objects.filter(event=event, email=user.email).exists():
            continue
        confirmed = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        profile = getattr(user, "profile", None)
        Registration.objects.create(
            event=event,
            user_id=user.pk,
            name=profile.display_name if profile else user.get_username(),
            email=user.email,
            institution=profile.institution if profile else "",
            status=(
                Registration.Status.CONFIRMED
                if confirmed < event.capacity
                else Registration.Status.WAITLISTED
            ),
            email_confirmed_at=timezone.now(),
            checked_in_at=event.start if checked_in else None,
        )
