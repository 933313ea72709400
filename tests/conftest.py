"""Fixtures for the whole suite: a minimal page tree and members.

Each test builds the smallest tree it needs: `home_page` gives the Dutch home page with its
English translation; app fixtures hang their index pages below it.
"""

import os

import pytest
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Locale, Page, Site

from community.models import BespreekpuntIndexPage, BespreekpuntPage
from home.models import HomePage
from tests.factories import make_member

# The Playwright harness (browser, page, ...): see tests/browser.py; the fuzz counts: tests/fuzz.py;
# the fault tests' summary: tests/faults/summary.py.
pytest_plugins = ["tests.browser", "tests.fuzz", "tests.faults.summary"]


# Files that take minutes (servers started, Chromium, the demo loaded): under pytest-xdist they
# start first, longest first, so the short files fill the gaps instead of one worker finishing
# alone (dev.py passes --no-loadscope-reorder, which keeps this order).
LONGEST_FILES = ["test_accessibility.py", "test_csp_browser.py", "test_csp.py"]
SLOW_MARKERS = {"browser", "faults"}
SLOW_FILES = {"test_demo.py", "test_realtime_processes.py"}


def _weight(item: pytest.Item, slow: set) -> int:
    if item.path.name in LONGEST_FILES:
        return LONGEST_FILES.index(item.path.name)
    return len(LONGEST_FILES) + (item.path not in slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    slow = {
        item.path
        for item in items
        if item.path.name in SLOW_FILES or SLOW_MARKERS & {m.name for m in item.iter_markers()}
    }
    # Stable: within each part the order pytest-django chose stays.
    items.sort(key=lambda item: _weight(item, slow))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: one that activates English (a
    request to /en/, translation.activate) must not leave it to the next on the worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """A transactional test ends by emptying the database (Django's flush); the rows the
    migrations made come back (as a serialized rollback brings them) before a test that runs in
    a transaction follows. In one process pytest-django runs transactional tests last; with
    pytest-xdist a worker gets whole files in any order, so this must not depend on order."""
    yield
    if nextitem is None or not _transactional(item) or _transactional(nextitem):
        return
    with item.config.stash[blocking_manager_key].unblock():
        from django.db import connection

        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized and not Page.objects.filter(depth=1).exists():
            connection.creation.deserialize_db_from_string(serialized)


@pytest.fixture
def locales(db):
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return {"nl": nl, "en": en}


@pytest.fixture
def home_page(locales) -> HomePage:
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="Flexibel Opleiden", slug="home", locale=locales["nl"])
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    translation = home.copy_for_translation(locales["en"])
    translation.title = "Flexible Teacher Education"
    translation.save_revision().publish()
    return home


@pytest.fixture
def member(db):
    return make_member("marieke", display_name="Marieke de Vries")


@pytest.fixture
def other_member(db):
    return make_member("jeroen", display_name="Jeroen Bakker")


@pytest.fixture
def moderator(db):
    return make_member("moderator", group="Moderators", display_name="Mo de Rator")


@pytest.fixture
def editor(db):
    return make_member("redacteur", group="Editors", display_name="Eva Redacteur")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached pages and counters of one test must never answer another."""
    from django.core.cache import cache

    from community.templatetags import community_posts

    cache.clear()
    community_posts.clear()
    yield


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
