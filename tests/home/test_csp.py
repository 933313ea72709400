"""Content-Security-Policy headers on every kind of page, and nothing inline that they would block.

Public pages (tests/public_pages.py lists them) get the strict policy: scripts and styles from
the site only, no 'unsafe-inline', no nonces needed because nothing is inline, which the HTML
scan below checks for every page as a visitor, a member and an admin. The admin's paths get
their own policy. Chromium's view of the same pages: tests/home/test_csp_browser.py.
"""

import io
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests import public_pages

pytestmark = pytest.mark.django_db(serialized_rollback=True)

HEADER = "Content-Security-Policy"
VISITORS = ["visitor", "member", "admin"]
# Script types a browser does not run, so a CSP does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def policy(directives: dict) -> dict[str, list[str]]:
    return {name: list(values) for name, values in directives.items()}


def parse(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineFinder(HTMLParser):
    """Collects what a strict policy blocks: inline scripts and styles, handlers, js: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").lower()
        if tag == "script" and "src" not in attributes and kind not in DATA_SCRIPT_TYPES:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        public_pages.restore_migrated_state()
        call_command("load_demo", stdout=io.StringIO())
        paths = {language: public_pages.public_paths(language) for language in ("nl", "en")}
        admin_paths = public_pages.admin_paths()
    yield paths, admin_paths
    with django_db_blocker.unblock():
        public_pages.restore_migrated_state()


def client_for(visitor: str) -> Client:
    client = Client()
    users = get_user_model().objects
    if visitor == "member":
        client.force_login(users.get(email=public_pages.DEMO_MEMBER[0]))
    elif visitor == "admin":
        client.force_login(users.get(email=public_pages.DEMO_ADMIN[0]))
    return client


def test_the_public_policy_allows_nothing_inline_and_nothing_from_elsewhere():
    directives = policy(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name, values in directives.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"} & set(values), name


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_public_page_has_the_strict_policy_and_nothing_inline(demo, language, visitor):
    client = client_for(visitor)
    expected = policy(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    problems = {}
    for name, path in demo[0][language].items():
        response = client.get(path)
        assert response.status_code < 500, f"{name} ({path}) answered {response.status_code}"
        if HEADER not in response:
            problems[name] = f"no {HEADER} header ({response.status_code})"
        elif parse(response[HEADER]) != expected:
            problems[name] = f"policy {response[HEADER]!r}"
        elif "text/html" in response.get("Content-Type", ""):
            found = inline_code(response.content.decode())
            if found:
                problems[name] = f"inline code {sorted(set(found))}"
    assert not problems, "\n".join(
        f"{name} ({demo[0][language][name]}): {problem}" for name, problem in problems.items()
    )


def test_admin_pages_have_the_admin_policy(demo):
    client = client_for("admin")
    expected = policy(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
    for path in demo[1]:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        assert parse(response[HEADER]) == expected, path


def test_the_admin_login_page_has_the_admin_policy_for_visitors_too(demo):
    response = Client().get("/admin/login/")
    assert parse(response[HEADER]) == policy(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])


def test_a_page_served_from_the_anonymous_cache_keeps_the_header(demo):
    topic = demo[0]["nl"]["topic"]
    client = Client()
    first, second = client.get(topic), client.get(topic)
    assert first.status_code == second.status_code == 200
    assert second[HEADER] == first[HEADER]
    assert parse(second[HEADER])["script-src"] == ["'self'"]


def test_a_members_cached_copy_keeps_the_header(demo):
    topic = demo[0]["nl"]["topic"]
    client = client_for("member")
    first, second = client.get(topic), client.get(topic)
    assert first.status_code == second.status_code == 200
    assert second[HEADER] == first[HEADER]


def test_static_files_and_api_answers_get_the_strict_policy(demo):
    client = Client()
    for path in ("/static/css/site.css", "/api/community/bespreekpunten", "/healthz"):
        response = client.get(path)
        assert response.status_code < 500, path
        assert parse(response.get(HEADER, ""))["script-src"] == ["'self'"], path


def test_the_scanner_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script>'
        '<script type="application/json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p>'
    )
    assert inline_code(html) == [
        "inline <script>",
        "inline <style>",
        '<p style="color:red">',
        "<p onclick=...>",
        "<a href=javascript:...>",
    ]
