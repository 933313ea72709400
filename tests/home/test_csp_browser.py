"""Chromium loads every kind of page under the site's Content-Security-Policy and reports nothing.

The demo site is served by a live server; tests/public_pages.py lists the pages (every page
type, the non-page views, subpages, a topic and a post, the API docs, the admin). An init script
records each `securitypolicyviolation` event in the page, and console messages about the
policy are kept as well; any of either fails the test with the page, directive and source.
Pages are loaded as a visitor, as a member and as an admin (whose public pages carry Wagtail's
userbar), and the admin screens as the admin under their own policy.
"""

import io

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from tests import public_pages
from tests.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}` +
    ` (${event.sourceFile || "the page"}:${event.lineNumber}) ${event.sample || ""}`.trim()
  );
});
"""
VISITORS = ["visitor", "member", "admin"]
# The admin's view of public pages adds only the userbar; these pages show it well enough.
ADMIN_PUBLIC_PAGES = ["home.HomePage", "topic", "knowledge.ArticlePage", "search:search?q=flexibel"]


@pytest.fixture(scope="module")
def demo_site(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        public_pages.restore_migrated_state()
        call_command("load_demo", stdout=io.StringIO())
        paths = public_pages.public_paths("nl")
        admin_paths = public_pages.admin_paths()
        # Chromium starts after the demo: Playwright marks an event loop as running in this
        # thread, and the demo's on-commit broadcasts would find it there.
        browser = request.getfixturevalue("browser")
        server = LiveServer("localhost")
        contexts = {"visitor": browser.new_context(locale="nl-NL")}
        for visitor, account in (
            ("member", public_pages.DEMO_MEMBER),
            ("admin", public_pages.DEMO_ADMIN),
        ):
            context = browser.new_context(locale="nl-NL")
            login(context.new_page(), server, *account)
            contexts[visitor] = context
    for context in contexts.values():
        context.add_init_script(RECORD_VIOLATIONS)
    yield server, paths, admin_paths, contexts
    for context in contexts.values():
        context.close()
    server.stop()
    with django_db_blocker.unblock():
        public_pages.restore_migrated_state()


def violations_on(context, url: str) -> list[str]:
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status < 500, f"{url}: {response}"
        # Reports are dispatched as tasks after the refusal; give the page a moment.
        page.wait_for_timeout(250)
        recorded = page.evaluate("window.__cspViolations || []")
    finally:
        page.close()
    return [*recorded, *(f"console: {text}" for text in console)]


def check_all(context, server, paths: dict[str, str]) -> None:
    found = {}
    for name, path in paths.items():
        violations = violations_on(context, server.url + path)
        if violations:
            found[name] = (path, violations)
    assert not found, "CSP violations:\n" + "\n".join(
        f"{name} ({path}):\n    " + "\n    ".join(violations)
        for name, (path, violations) in found.items()
    )


@pytest.mark.parametrize("visitor", ["visitor", "member"])
def test_every_public_page_loads_without_a_violation(demo_site, visitor):
    server, paths, _admin_paths, contexts = demo_site
    check_all(contexts[visitor], server, paths)


def test_public_pages_with_the_admins_userbar_load_without_a_violation(demo_site):
    server, paths, _admin_paths, contexts = demo_site
    check_all(contexts["admin"], server, {name: paths[name] for name in ADMIN_PUBLIC_PAGES})


def test_admin_screens_load_without_a_violation(demo_site):
    server, _paths, admin_paths, contexts = demo_site
    check_all(contexts["admin"], server, {path: path for path in admin_paths})


def test_a_violation_is_caught(demo_site):
    """The harness itself: code the policy refuses on a public page is reported."""
    server, paths, _admin_paths, contexts = demo_site
    page = contexts["visitor"].new_page()
    try:
        page.goto(server.url + paths["home.HomePage"])
        page.evaluate(
            """() => {
                const image = document.createElement("img");
                image.src = "https://evil.example/pixel.png";
                document.body.append(image);
                const script = document.createElement("script");
                script.textContent = "window.ran = true";
                document.body.append(script);
            }"""
        )
        page.wait_for_timeout(250)
        recorded = page.evaluate("window.__cspViolations")
        ran = page.evaluate("window.ran === true")
    finally:
        page.close()
    assert not ran
    assert any(v.startswith("img-src refused https://evil.example/pixel.png") for v in recorded)
    assert any(v.startswith("script-src-elem refused inline") for v in recorded), recorded
