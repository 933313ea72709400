"""Fixtures for the community tests: a bespreekpunten index with one bespreekpunt, and topics."""

import pytest
from django.core.cache import cache

from community import actions
from community.models import BespreekpuntIndexPage, BespreekpuntPage


@pytest.fixture(autouse=True)
def _clear_cache():
    # The anonymous page cache lives in the (per-process) cache; tests must not share pages.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bespreekpunt(home_page) -> BespreekpuntPage:
    index = home_page.add_child(
        instance=BespreekpuntIndexPage(title="Bespreekpunten", slug="bespreekpunten")
    )
    page = index.add_child(
        instance=BespreekpuntPage(
            title="Leeruitkomsten",
            slug="leeruitkomsten",
            number=1,
            intro="<p>Werken met leeruitkomsten.</p>",
            questions="<p>Welke ervaringen hebben we?</p>",
        )
    )
    page.save_revision().publish()
    return page


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
