"""In Chromium: a member distils a concluded topic, the editors approve the article, and the
topic links to it; the bespreekpunt's timeline shows it; the new pages pass axe-core."""

from datetime import time

import pytest

from community import actions as community
from community.models import Post
from community.moderation import check_close_topic
from knowledge.models import ArticlePage
from tests.browser import LIVE_DB, axe_violations, format_violations, login
from tests.events.conftest import agenda, make_event  # noqa: F401 - fixtures
from tests.events.test_outcomes import make_outcome

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def concluded(bespreekpunt, member, other_member, moderator):
    topic = community.check_create_topic(
        member, bespreekpunt, title="Toetsen op de werkplek", body="Hoe toetsen jullie?"
    )
    community.check_create_post(other_member, topic, body="Met een criteriumgericht gesprek.")
    post = Post.objects.get(topic=topic, number=2)
    community.check_mark_key_insight(moderator, post, value=True)
    return check_close_topic(moderator, topic, closed=True)


def assert_no_violations(page, failures: list[str]) -> None:
    violations = axe_violations(page)
    if violations:
        failures.append(f"{page.url}\n{format_violations(violations)}")


def test_distil_approve_and_the_topic_and_timeline_link_the_article(
    page, browser, live_server, knowledge_index, concluded, member, editor
):
    failures: list[str] = []
    login(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}{concluded.get_absolute_url()}")
    assert_no_violations(page, failures)
    page.get_by_role("link", name="Vastleggen als kennisbankartikel").click()
    page.get_by_role("heading", name="Vastleggen als artikel").wait_for()
    assert "Met een criteriumgericht gesprek." in page.inner_text("main")
    assert_no_violations(page, failures)
    page.get_by_role("button", name="Conceptartikel beginnen").click()
    page.get_by_text("Je conceptartikel staat klaar").wait_for()
    assert "> — Jeroen Bakker," in page.locator("#id_body").input_value()
    page.get_by_role("button", name="Indienen bij de redactie").click()
    page.get_by_text("Je artikel is naar de redactie gestuurd").wait_for()

    article = ArticlePage.objects.get(source_topic=concluded)
    editor_context = browser.new_context(locale="nl-NL")
    editor_page = editor_context.new_page()
    login(editor_page, live_server, editor.email, PASSWORD)
    editor_page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    approve = editor_page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    with editor_page.expect_navigation():
        approve.dispatch_event("click")
    editor_context.close()
    article.refresh_from_db()
    assert article.live

    visitor = browser.new_context(locale="nl-NL").new_page()
    visitor.goto(f"{live_server.url}{concluded.get_absolute_url()}")
    visitor.get_by_role("link", name="Kennisbankartikel: Toetsen op de werkplek").click()
    visitor.get_by_role("heading", name="Toetsen op de werkplek").wait_for()
    main = visitor.inner_text("main")
    assert "Met een criteriumgericht gesprek." in main
    assert "Jeroen Bakker, #2" in main
    assert "Vastgelegd uit het gesprek" in main
    assert_no_violations(visitor, failures)

    bespreekpunt_url = concluded.bespreekpunt.url
    visitor.goto(f"{live_server.url}{bespreekpunt_url}")
    visitor.get_by_role("link", name="Tijdlijn van dit bespreekpunt").click()
    visitor.get_by_role("heading", name="Tijdlijn: Leeruitkomsten").wait_for()
    assert "Toetsen op de werkplek" in visitor.inner_text("main")
    visitor.get_by_label("Soort").select_option("article")
    visitor.get_by_role("button", name="Filteren").click()
    visitor.wait_for_url("**soort=article**")
    entries = visitor.locator(".timeline__entry")
    assert entries.count() == 1
    assert "Artikel" in entries.first.inner_text()
    assert_no_violations(visitor, failures)
    visitor.context.close()
    assert not failures, "\n".join(failures)


def test_no_names_outcome_and_timeline_pass_axe(
    page,
    live_server,
    bespreekpunt,
    make_event,  # noqa: F811
    editor,
):
    session = make_event(
        title="Werksessie",
        programme=[
            ("slot", {"start": time(13), "title": "Aan de slag", "bespreekpunt": bespreekpunt})
        ],
    )
    outcome = make_outcome(session, bespreekpunt)
    failures: list[str] = []
    login(page, live_server, editor.email, PASSWORD)
    page.goto(f"{live_server.url}{outcome.url}")
    assert_no_violations(page, failures)
    page.get_by_role("button", name="Vastleggen zonder namen").click()
    page.get_by_text("Deze opbrengsten zijn nu zonder namen vastgelegd").wait_for()
    main = page.inner_text("main")
    assert "Anouk" not in main and "Lotte" not in main
    assert "Begin klein" in main
    assert_no_violations(page, failures)
    page.goto(f"{live_server.url}{bespreekpunt.url}tijdlijn/")
    assert "Opbrengsten" in page.inner_text("main")
    assert_no_violations(page, failures)
    assert not failures, "\n".join(failures)
