"""Read-only queries of the events app, also for other apps (home, the bespreekpunt page)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from wagtail.models import Locale, Page

from community.models import BespreekpuntPage
from events.models import EventIndexPage, EventPage, EventSeriesPage, OutcomePage, Registration


def agenda_events(
    index: EventIndexPage,
    *,
    past: bool,
    kind: str = "",
    bespreekpunt_id: str = "",
    now: datetime,
) -> QuerySet[EventPage] | list[EventPage]:
    """The agenda's events: upcoming soonest first, or past latest first."""
    # Occurrences of a series live one level deeper, below their series page.
    events = EventPage.objects.descendant_of(index).live()
    if past:
        events = events.filter(end__lt=now).order_by("-start")
    else:
        events = events.filter(end__gte=now).order_by("start")
    if kind:
        events = events.filter(kind=kind)
    if not bespreekpunt_id:
        return events
    # The programme is a StreamField; its bespreekpunt ids are read from the raw JSON so no
    # page is fetched per slot. Small lists: the agenda of one network.
    wanted = same_page_ids(int(bespreekpunt_id))
    return [event for event in events if wanted & programme_bespreekpunt_ids(event)]


def same_page_ids(page_id: int) -> set[int]:
    """The ids of a page and its translations: programmes may link either language."""
    keys = Page.objects.filter(id=page_id).values("translation_key")
    return set(Page.objects.filter(translation_key__in=keys).values_list("id", flat=True))


def programme_bespreekpunt_ids(event: EventPage) -> set[int]:
    return {
        block["value"]["bespreekpunt"]
        for block in event.programme.raw_data
        if block.get("value", {}).get("bespreekpunt")
    }


def bespreekpunt_choices(locale: Locale) -> list[tuple[int, str]]:
    return list(
        BespreekpuntPage.objects.live()
        .filter(locale=locale)
        .order_by("number", "title")
        .values_list("id", "title")
    )


def event_bespreekpunten(event: EventPage) -> list[BespreekpuntPage]:
    """The bespreekpunten the event's programme is about, for the registration question."""
    ids = programme_bespreekpunt_ids(event)
    pages = BespreekpuntPage.objects.live().filter(locale=event.locale)
    if ids:
        pages = pages.filter(id__in=ids)
    return list(pages.order_by("number", "title"))


def outcomes_for_event(event: EventPage) -> QuerySet[OutcomePage]:
    return OutcomePage.objects.child_of(event).live().order_by("-first_published_at")


def outcomes_for_bespreekpunt(page: Page) -> list[OutcomePage]:
    """Published outcomes, in the page's language, with a block about this bespreekpunt.

    Matches by translation key, so an outcome pointing at the Dutch bespreekpunt also shows on
    the English one. Three queries whatever the number of outcomes.
    """
    related_ids = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("id", flat=True)
    )
    outcomes = (
        OutcomePage.objects.live()
        .filter(locale=page.locale)
        .select_related("locale")
        .order_by("-first_published_at")
    )
    found = [outcome for outcome in outcomes if outcome.bespreekpunt_ids() & related_ids]
    parents = {
        parent.path: parent
        for parent in EventPage.objects.filter(
            path__in=[outcome.path[: -Page.steplen] for outcome in found]
        )
    }
    for outcome in found:
        # The event the outcome belongs to, for its title and date in the list.
        outcome.event = parents.get(outcome.path[: -Page.steplen])
    return found


def registrations_of(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .select_related("event")
        .order_by("event__start")
    )


def active_registration(event: EventPage, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            event=event.canonical(),
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .order_by("-id")
        .first()
    )


def series_occurrences(
    series: EventSeriesPage, user, *, now: datetime
) -> tuple[list[EventPage], list[EventPage]]:
    """The series' upcoming and past sessions, each with `seats_left` and the reader's
    `my_status` (confirmed, waitlisted or None). Registrations live on the default-language
    occurrence; three queries whatever the number of sessions."""
    occurrences = list(series.occurrences().live())
    keys = [occurrence.translation_key for occurrence in occurrences]
    canonical = {
        row["translation_key"]: row
        for row in EventPage.objects.filter(translation_key__in=keys, locale=Locale.get_default())
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
        .values("id", "translation_key", "confirmed")
    }
    mine: dict[int, str] = {}
    if user.is_authenticated:
        mine = dict(
            Registration.objects.filter(
                user=user,
                event_id__in=[row["id"] for row in canonical.values()],
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            ).values_list("event_id", "status")
        )
    upcoming, past = [], []
    for occurrence in occurrences:
        row = canonical.get(occurrence.translation_key, {"id": None, "confirmed": 0})
        occurrence.seats_left = max(occurrence.capacity - row["confirmed"], 0)
        occurrence.my_status = mine.get(row["id"])
        (upcoming if occurrence.end >= now else past).append(occurrence)
    past.reverse()
    return upcoming, past
