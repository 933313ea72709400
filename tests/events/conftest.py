"""Fixtures of the events tests: an agenda below the home page and events built on demand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage, EventSeriesPage, SeriesException


@pytest.fixture
def agenda(home_page) -> EventIndexPage:
    agenda = home_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    return agenda


@pytest.fixture
def make_event(agenda):
    """Builds a published event below the agenda; defaults give an open, upcoming event."""

    def make(**fields) -> EventPage:
        start = fields.pop("start", timezone.now() + timedelta(days=14))
        defaults = {
            "title": "Studiedag flexibel opleiden",
            "slug": fields.get("slug", f"event-{EventPage.objects.count() + 1}"),
            "kind": EventPage.Kind.STUDIEDAG,
            "start": start,
            "end": start + timedelta(hours=6),
            "location": "Utrecht",
            "audience": EventPage.Audience.EVERYONE,
            "registration_enabled": True,
            "capacity": 2,
        }
        event = EventPage(**{**defaults, **fields})
        agenda.add_child(instance=event)
        event.save_revision().publish()
        event.refresh_from_db()
        return event

    return make


@pytest.fixture
def make_series(agenda):
    """Builds a published series below the agenda (which makes its occurrences); defaults give
    four weekly online sessions, the first a week from now at 19:30 Amsterdam time."""

    def make(*, exceptions=(), **fields) -> EventSeriesPage:
        first = timezone.localtime() + timedelta(days=7)
        start = fields.pop("start", first.replace(hour=19, minute=30, second=0, microsecond=0))
        defaults = {
            "title": "Online intervisie",
            "slug": f"serie-{EventSeriesPage.objects.count() + 1}",
            "kind": EventPage.Kind.ONLINE,
            "start": start,
            "end": start + timedelta(hours=1, minutes=30),
            "frequency": "weekly",
            "count": 4,
            "online_url": "https://meet.example.org/intervisie",
            "organiser": "Themagroep Flexibel Opleiden",
            "audience": EventPage.Audience.MEMBERS,
            "capacity": 2,
        }
        series = EventSeriesPage(**{**defaults, **fields})
        series.exceptions = [SeriesException(date=day) for day in exceptions]
        agenda.add_child(instance=series)
        series.save_revision().publish()
        series.refresh_from_db()
        return series

    return make


@pytest.fixture
def event(make_event) -> EventPage:
    return make_event()


@pytest.fixture(autouse=True)
def run_on_commit_callbacks(request, monkeypatch):
    """Runs after-commit work (the emails) at once: these tests run inside one transaction
    that never commits. Transactional tests (live server, races) commit for real instead."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        return
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
