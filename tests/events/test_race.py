"""Capacity under concurrency, proven on PostgreSQL with real separate connections.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/events/test_race.py
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from events import actions
from events.models import Registration
from tests.browser import LIVE_DB

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="the race test needs PostgreSQL: set "
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
    ),
    LIVE_DB,
]

ATTEMPTS = 200
SEATS = 50
# Below PostgreSQL's default max_connections (100): every worker holds its own connection.
WORKERS = 40
Status = Registration.Status


@pytest.fixture
def crowd(db):
    user_model = get_user_model()
    user_model.objects.bulk_create(
        user_model(username=f"racer{i:03}", email=f"racer{i:03}@example.org")
        for i in range(ATTEMPTS)
    )
    return list(user_model.objects.filter(username__startswith="racer").order_by("username"))


def _in_own_connection(func):
    def run(*args):
        try:
            return func(*args)
        finally:
            connections.close_all()

    return run


def _register_all(event, users):
    @_in_own_connection
    def register(user):
        try:
            return actions.check_register_member(user, event).pk
        except actions.RegistrationError as error:
            return error

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(register, users))


def test_200_concurrent_registrations_for_50_seats(make_event, crowd):
    event = make_event(capacity=SEATS)
    results = _register_all(event, crowd)
    assert all(isinstance(result, int) for result in results), results
    registrations = list(Registration.objects.filter(event=event).order_by("id"))
    statuses = [registration.status for registration in registrations]
    assert statuses.count(Status.CONFIRMED) == SEATS
    assert statuses.count(Status.WAITLISTED) == ATTEMPTS - SEATS
    # Arrival order is the order in which requests got the lock: ids and timestamps are taken
    # under it. The first 50 arrivals have the seats, the rest wait in that same order.
    assert statuses == [Status.CONFIRMED] * SEATS + [Status.WAITLISTED] * (ATTEMPTS - SEATS)
    stamps = [registration.created_at for registration in registrations]
    assert stamps == sorted(stamps)
    positions = [actions.waitlist_position(r) for r in registrations[SEATS:]]
    assert positions == list(range(1, ATTEMPTS - SEATS + 1))


def test_control_without_locking_overbooks(make_event, crowd, settings, monkeypatch):
    """Shows the race test can fail: without the lock, requests count the same free seats."""
    settings.EVENTS_LOCK_REGISTRATIONS = False
    counted = actions.confirmed_count

    def slow_count(event):
        seats = counted(event)
        time.sleep(0.02)  # widens the window between counting and inserting
        return seats

    monkeypatch.setattr(actions, "confirmed_count", slow_count)
    event = make_event(capacity=SEATS)
    _register_all(event, crowd)
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    assert confirmed > SEATS


def test_concurrent_cancellations_promote_exactly_as_many_as_they_free(make_event, crowd):
    event = make_event(capacity=SEATS)
    _register_all(event, crowd)
    leaving = list(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).order_by("id")[:30]
    )
    first_waiting = list(
        Registration.objects.filter(event=event, status=Status.WAITLISTED)
        .order_by("id")
        .values_list("pk", flat=True)[:30]
    )

    @_in_own_connection
    def cancel(registration):
        return actions.check_cancel_registration(registration).status

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        assert set(pool.map(cancel, leaving)) == {Status.CANCELLED}
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    assert confirmed.count() == SEATS
    promoted = set(confirmed.filter(promoted_at__isnull=False).values_list("pk", flat=True))
    assert promoted == set(first_waiting)
    assert Registration.objects.filter(event=event, status=Status.WAITLISTED).count() == 120
