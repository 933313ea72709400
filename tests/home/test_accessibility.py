"""axe-core in Chromium over every page type and the non-page views, in nl and en, as a visitor
and as a demo member; any WCAG 2.1 A/AA violation fails the test naming page and rule.

The demo site is built once for this module and served by a module-wide live server; page types
come from Wagtail's page model registry, so a page type another engineer adds is checked as soon
as `load_demo` makes a live page of it. Add non-page HTML views to `URL_NAMES` in
tests/public_pages.py, which the Content-Security-Policy tests go over as well.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from tests.browser import axe_script, axe_violations, format_violations, live_url, login
from tests.public_pages import (
    DEMO_MEMBER,
    URL_NAMES,
    first_live_page_urls,
    project_page_types,
    restore_migrated_state,
)

# Non-transactional on purpose: the demo rows are committed once by `demo_site`, and the
# serialized rollback makes pytest-django keep the migrated state for `restore_migrated_state`.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(serialized_rollback=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
VISITORS = ["visitor", "member"]


@pytest.fixture(scope="module")
def demo_site(request, django_db_setup, django_db_blocker):
    """The demo site on a live server, with a page per page type and a logged-in member state."""
    with django_db_blocker.unblock():
        restore_migrated_state()
        call_command("load_demo", stdout=io.StringIO())
        page_urls = first_live_page_urls()
        # Chromium starts after the demo: Playwright marks an event loop as running in this
        # thread, and the demo's on-commit broadcasts would find it there.
        browser = request.getfixturevalue("browser")
        server = LiveServer("localhost")
        context = browser.new_context()
        login(context.new_page(), server, *DEMO_MEMBER)
        member_state = context.storage_state()
        context.close()
    contexts = {
        "visitor": browser.new_context(),
        "member": browser.new_context(storage_state=member_state),
    }
    for context in contexts.values():
        context.add_init_script(axe_script())
    yield server, page_urls, contexts
    for context in contexts.values():
        context.close()
    server.stop()
    with django_db_blocker.unblock():
        restore_migrated_state()


def check(demo_site, visitor: str, url: str, expected_status: int = 200) -> None:
    server, _urls, contexts = demo_site
    page = contexts[visitor].new_page()
    try:
        response = page.goto(server.url + url)
        assert response is not None and response.status == expected_status, (
            f"{url} answered {response and response.status}, expected {expected_status}"
        )
        violations = axe_violations(page)
    finally:
        page.close()
    assert not violations, f"WCAG 2.1 A/AA violations on {url}:\n{format_violations(violations)}"


@pytest.mark.parametrize("page_type", project_page_types())
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_type_has_no_violations(demo_site, language, visitor, page_type):
    url = demo_site[1].get((page_type, language))
    assert url, f"load_demo makes no live {page_type} in {language}; add one so it is checked"
    check(demo_site, visitor, url)


@pytest.mark.parametrize(
    ("name", "kwargs", "query"), URL_NAMES, ids=[name for name, _k, _q in URL_NAMES]
)
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_view_has_no_violations(demo_site, language, visitor, name, kwargs, query):
    url = live_url(demo_site[0], name, language=language, kwargs=kwargs, query=query)
    check(demo_site, visitor, url.removeprefix(demo_site[0].url))


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_has_no_violations(demo_site, language, visitor):
    check(demo_site, visitor, f"/{language}/bestaat-niet/", expected_status=404)
