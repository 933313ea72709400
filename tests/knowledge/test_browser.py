"""In Chromium: a member writes and submits an article, an editor approves it in the Wagtail
admin, and it appears under its tag and in the feed; every knowledge page passes axe-core."""

import pytest

from knowledge.models import ArticlePage
from tests.browser import LIVE_DB, axe_violations, format_violations, login
from tests.knowledge.conftest import make_article, publish_manifest, section

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "correct-horse-battery"


def test_member_writes_editor_approves_article_appears_under_tag_and_in_feed(
    page, browser, live_server, knowledge_index, member, editor
):
    login(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/nl/kennisbank/")
    page.get_by_role("link", name="Artikel schrijven").click()
    page.get_by_role("textbox", name="Titel", exact=True).fill("Zij-instroom in het mbo")
    page.get_by_role("textbox", name="Samenvatting").fill("Twee jaar zij-instroom.")
    page.get_by_role("textbox", name="Tekst", exact=True).fill("## Begin\nWe startten klein.")
    page.locator("#id_tags").fill("zij-instroom, mbo")
    page.get_by_role("button", name="Indienen bij de redactie").click()
    page.get_by_text("Je artikel is naar de redactie gestuurd").wait_for()
    assert "Wacht op de redactie" in page.inner_text("main")

    article = ArticlePage.objects.get(title="Zij-instroom in het mbo")
    assert not article.live

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
    visitor.goto(f"{live_server.url}/nl/kennisbank/tag/zij-instroom/")
    assert "Zij-instroom in het mbo" in visitor.inner_text("main")
    feed = visitor.request.get(f"{live_server.url}/nl/kennisbank/feed/")
    assert "<title>Zij-instroom in het mbo</title>" in feed.text()
    visitor.context.close()


def test_knowledge_pages_pass_axe(page, live_server, knowledge_index, manifest, editor, member):
    publish_manifest(
        manifest,
        editor,
        sections=[section("Visie", "visie", "<p>Een nieuwe visie.</p>")],
        change_note="Visie herschreven",
    )
    article = make_article(knowledge_index, "Pilots flexibilisering", tags=["pilots"])
    paths = [
        "/nl/manifest/",
        "/nl/manifest/versies/",
        "/nl/manifest/versies/1/",
        "/nl/manifest/versies/vergelijk/?van=1&naar=2",
        "/nl/manifest/afdrukken/",
        "/nl/kennisbank/",
        "/nl/kennisbank/tag/pilots/",
        article.url,
    ]
    login(page, live_server, member.email, PASSWORD)
    paths += ["/nl/kennisbank/schrijven/", "/nl/kennisbank/mijn-artikelen/"]
    failures = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        if violations:
            failures.append(f"{path}\n{format_violations(violations)}")
    assert not failures, "\n".join(failures)
