"""In Chromium: a member proposes new text for a manifest paragraph, members consent, the
proposer closes the round, an editor adopts it, and the new version shows its diff and a change
note that links the proposal and names proposer and participants; axe-core finds nothing on the
new pages."""

import pytest

from knowledge.models import Amendment, ManifestPage
from tests.browser import LIVE_DB, axe_violations, format_violations, login
from tests.factories import make_member
from tests.knowledge.conftest import publish_manifest, section

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "correct-horse-battery"
OLD = "Scholen en instituten ontwerpen samen."
NEW = "Scholen, instituten en studenten ontwerpen samen."


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{format_violations(violations)}"


def as_member(browser, live_server, user):
    context = browser.new_context(locale="nl-NL")
    member_page = context.new_page()
    login(member_page, live_server, user.email, PASSWORD)
    return member_page


def test_propose_consent_adopt_and_the_new_version(
    page, browser, live_server, manifest, editor, member, other_member, bespreekpunt, settings
):
    settings.KNOWLEDGE_AMENDMENT_QUORUM = 2
    publish_manifest(
        manifest,
        editor,
        sections=[
            section(
                "Leeruitkomsten",
                "leeruitkomsten",
                f"<p>Eerste alinea.</p><p>{OLD}</p>",
                bespreekpunt,
            )
        ],
        change_note="Twee alinea's",
    )
    third = make_member("derde", display_name="Derde Lid")

    # The member proposes from the section's "Propose a change".
    login(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/nl/manifest/")
    page.locator('a[href*="sectie=leeruitkomsten"]').click()
    assert_no_violations(page)
    page.get_by_role("link", name="Nieuwe tekst voorstellen voor alinea 2").click()
    assert_no_violations(page)
    page.get_by_role("textbox", name="Nieuwe tekst van de alinea").fill(NEW)
    page.get_by_role("textbox", name="Waarom deze wijziging?").fill("Studenten horen erbij.")
    page.get_by_role("button", name="Deze wijziging voorstellen").click()
    page.get_by_role("heading", name="Wijzigingsvoorstel voor het manifest").wait_for()
    assert "studenten" in page.locator(".amendment-diff").first.locator("ins").nth(1).inner_text()
    assert_no_violations(page)
    topic_url = page.url

    # Two members consent (live results are proven in tests/community/test_decisions_live.py).
    for user in (other_member, third):
        voter = as_member(browser, live_server, user)
        voter.goto(topic_url)
        voter.get_by_role("radio", name="Consent").check()
        voter.get_by_role("button", name="Reageren").click()
        voter.get_by_text("Je reactie is bewaard").wait_for()
        voter.context.close()
    page.reload()
    assert "2 consents" in page.locator("[data-decision-results]").inner_text()
    assert_no_violations(page)
    page.get_by_role("button", name="Consentronde sluiten").click()
    page.get_by_text("Uitkomst: Consent").wait_for()

    # An editor adopts it with one action and lands on the new version.
    editor_page = as_member(browser, live_server, editor)
    editor_page.goto(topic_url)
    with editor_page.expect_navigation(timeout=90_000):
        editor_page.get_by_role("button", name="Opnemen in het manifest").click()
    body = editor_page.inner_text("body")
    assert "Het voorstel is aangenomen" in body, f"{editor_page.url}\n{body[:1500]}"
    amendment = Amendment.objects.get()
    assert amendment.status == Amendment.Status.ADOPTED
    version = amendment.adopted_version
    assert editor_page.url.endswith(f"/versies/{version.number}/")
    main = editor_page.inner_text("main")
    assert "voorgesteld door Marieke de Vries" in main
    assert "Jeroen Bakker, Derde Lid" in main
    assert editor_page.locator("main ins").filter(has_text="studenten").count()
    link = editor_page.get_by_role("link", name="Leeruitkomsten, alinea 2")
    assert link.get_attribute("href") == amendment.topic.get_absolute_url()
    assert_no_violations(editor_page)
    editor_page.goto(f"{live_server.url}/nl/manifest/voorstellen/")
    assert "Aangenomen" in editor_page.inner_text("main")
    assert_no_violations(editor_page)
    editor_page.context.close()
    assert NEW in str(
        ManifestPage.objects.get(pk=manifest.pk).sections.raw_data[0]["value"]["text"]
    )
