"""axe-core in Chromium over every page type and the non-page views, in nl and en, as a visitor
and as a demo member; any WCAG 2.1 A/AA violation fails the test naming page and rule.

The demo site is built once for this module and served by a module-wide live server; page types
come from Wagtail's page model registry, so a page type another engineer adds is checked as soon
as `load_demo` makes a live page of it. Add non-page HTML views to `EXTRA_URL_NAMES`.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Page, get_page_models

from tests.browser import axe_script, axe_violations, format_violations, live_url, login

# Non-transactional on purpose: the demo rows are committed once by `demo_site`, and the
# serialized rollback makes pytest-django keep the migrated state for `restore_migrated_state`.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(serialized_rollback=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
VISITORS = ["visitor", "member"]
DEMO_MEMBER = ("anouk@flexibelopleiden.example", "demo-lid-2022")

# Non-page HTML views: (url name, reverse kwargs, query string); kwargs may name demo content.
EXTRA_URL_NAMES: list[tuple[str, dict[str, str], str]] = [
    ("account_signup", {}, ""),
    ("account_login", {}, ""),
    ("account_reset_password", {}, ""),
    ("account_reset_password_done", {}, ""),
    ("account_email_verification_sent", {}, ""),
    ("account_logout", {}, ""),
    ("account_change_password", {}, ""),
    ("account_email", {}, ""),
    ("community:profile_edit", {}, ""),
    ("member_directory", {}, ""),
    ("member_directory", {}, "q=zij-instroom&region=Zeeland"),
    ("community:profile", {"username": "anouk"}, ""),
    ("community:bookmarks", {}, ""),
    ("community:notifications", {}, ""),
    ("community:my_data", {}, ""),
    ("community:erase_account", {}, ""),
    ("search:search", {}, "q=flexibel"),
]


def project_page_types() -> list[str]:
    """Labels of the creatable page models defined in this project's own apps."""
    base = Path(settings.BASE_DIR)
    return sorted(
        model._meta.label
        for model in get_page_models()
        if model.is_creatable
        and Path(model._meta.app_config.path).is_relative_to(base)
        and ".venv" not in Path(model._meta.app_config.path).parts
    )


def restore_migrated_state() -> None:
    """Empty the database and bring back what the migrations made, as a serialized rollback does."""
    # Sequences keep counting (as in Django's own rollback): the restored rows keep their ids.
    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )
    serialized = connection._test_serialized_contents  # type: ignore[attr-defined]
    connection.creation.deserialize_db_from_string(serialized)
    cache.clear()


def first_live_page_urls() -> dict[tuple[str, str], str]:
    urls: dict[tuple[str, str], str] = {}
    pages = Page.objects.live().filter(depth__gt=1).specific().select_related("locale")
    for page in pages.order_by("path"):
        key = (page.specific_class._meta.label, page.locale.language_code)
        if key not in urls:
            urls[key] = page.get_url()
    return urls


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
    ("name", "kwargs", "query"), EXTRA_URL_NAMES, ids=[name for name, _k, _q in EXTRA_URL_NAMES]
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
