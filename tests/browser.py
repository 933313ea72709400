"""Shared Playwright harness: real headless Chromium against pytest-django's live server.

Loaded for the whole suite through ``pytest_plugins`` in tests/conftest.py, so every test module
can use these fixtures and helpers (import the helpers from ``tests.browser``):

``browser`` (session fixture)
    One headless Debian Chromium (/usr/bin/chromium) for the whole run. Tests that use it are
    skipped with a clear reason when that binary is missing (it is installed in CI).
``page`` (function fixture)
    A fresh browser context (own cookies, Dutch ``Accept-Language``) and page per test.
    ``page.console_errors`` lists every console error and uncaught JavaScript error; assert it
    is empty where a page must load cleanly. Uncaught JavaScript errors fail the test at
    teardown unless the test sets ``page.fail_on_page_errors = False``.
``LIVE_DB``
    The database marker for tests that use ``live_server``:
    ``pytestmark = [pytest.mark.browser, LIVE_DB]``. The live server needs committed rows, so
    the test is transactional; the serialized rollback brings back the rows the migrations made
    (root page, locales, groups) which an earlier transactional test's flush removed. Every
    transactional test of the suite needs it: one without leaves an empty database with
    re-created content types, and every later one fails on "UNIQUE constraint failed:
    django_content_type".
``live_url(live_server, name, *, language="nl", kwargs=None, query="")``
    Absolute URL of a named route in a language, e.g. ``live_url(live_server, "account_signup")``.
    Always reverse inside the language, never hard-code translated paths.
``login(page, live_server, email, password, *, language="nl")``
    Logs in through the real allauth login form and checks a session exists afterwards.
``axe_violations(page)`` / ``format_violations(violations)``
    Runs the axe-core bundled with axe-playwright-python (injected locally, no CDN) on the
    current page for WCAG 2.0/2.1 level A and AA rules; returns the violations as dicts and
    formats them as one readable line per failing element for assertion messages. Checking many
    pages? ``context.add_init_script(axe_script())`` loads axe once per context instead.

Mark browser tests ``@pytest.mark.browser`` so they can be selected (``-m browser``) or left
out (``-m "not browser"``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

# Playwright's sync API keeps an asyncio loop in the test thread; without this Django refuses
# ORM calls made from test code (SynchronousOnlyOperation) even though they are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright's greenlets gives the test code a fresh contextvars context, and with
    # it fresh Django connection objects (asgiref locals); put the existing ones back so tests
    # keep the test database connection and what pytest-django stored on it.
    existing = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in existing.items():
        connections[alias] = connection
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", extra_http_headers={"Accept-Language": "nl"})
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.fail_on_page_errors = True
    page_errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            new_page.console_errors.append(f"{message.text} ({new_page.url})")

    def on_page_error(error) -> None:
        text = f"uncaught {error} ({new_page.url})"
        page_errors.append(text)
        new_page.console_errors.append(text)

    new_page.on("console", on_console)
    new_page.on("pageerror", on_page_error)
    yield new_page
    context.close()
    if page_errors and new_page.fail_on_page_errors:
        pytest.fail("JavaScript errors on the page:\n" + "\n".join(page_errors))


def live_url(
    live_server,
    name: str,
    *,
    language: str = "nl",
    kwargs: dict[str, Any] | None = None,
    query: str = "",
) -> str:
    with translation.override(language):
        path = reverse(name, kwargs=kwargs)
    return f"{live_server.url}{path}{'?' + query if query else ''}"


def login(page, live_server, email: str, password: str, *, language: str = "nl") -> None:
    page.goto(live_url(live_server, "account_login", language=language))
    form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.locator('button[type="submit"], input[type="submit"]').first.click()
    if not any(cookie["name"] == "sessionid" for cookie in page.context.cookies()):
        pytest.fail(f"logging in as {email} failed; the page says: {page.inner_text('main')}")


@cache
def axe_script() -> str:
    """axe-core's source; ``context.add_init_script(axe_script())`` preloads it for many pages."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict[str, Any]]:
    """WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})
                     .then(results => results.violations)""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
