"""Fixtures for the community tests: a bespreekpunten index with one bespreekpunt, and topics."""

import pytest
from django.core.cache import cache

from community import actions


@pytest.fixture(autouse=True)
def _clear_cache():
    # The anonymous page cache lives in the (per-process) cache; tests must not share pages.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topic(bespreekpunt, member):
    return actions.check_create_topic(
        member,
        bespreekpunt,
        title="Leeruitkomsten in de pabo",
        body="Hoe **formuleren** jullie leeruitkomsten?",
        tags=["pabo"],
    )


@pytest.fixture
def make_topic(bespreekpunt, member):
    def make(title="Een onderwerp", body="Eerste bericht", author=None):
        return actions.check_create_topic(author or member, bespreekpunt, title=title, body=body)

    return make


@pytest.fixture
def events():
    """Every community event published (after commit) while the test runs."""
    from community.events import event_published

    seen = []

    def listener(sender, event, **kwargs):
        seen.append(event)

    event_published.connect(listener)
    yield seen
    event_published.disconnect(listener)
