"""Amendments to the manifest: who may propose, withdraw and adopt, what the topic shows, outdated
proposals, and that adopting is atomic (a version exists exactly when the proposal is adopted)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from community import actions, decisions
from community.models import ConsentRound, Topic
from knowledge import amendments
from knowledge.models import Amendment, ManifestPage, ManifestVersion
from tests.factories import make_member
from tests.knowledge.conftest import publish_manifest, section

Status = Amendment.Status
FIRST = "Werken met leeruitkomsten in partnerschappen."
SECOND = "Scholen en instituten ontwerpen samen."


@pytest.fixture(autouse=True)
def _quorum(settings):
    settings.KNOWLEDGE_AMENDMENT_QUORUM = 2


@pytest.fixture
def manifest2(manifest, editor, bespreekpunt) -> ManifestPage:
    """Version 2: the discussed section has two paragraphs."""
    return publish_manifest(
        manifest,
        editor,
        sections=[
            section("Visie", "visie", "<p>Opleiden vanuit de aanstaande leraar.</p>"),
            section(
                "Leeruitkomsten",
                "leeruitkomsten",
                f"<p>{FIRST}</p><p>{SECOND}</p>",
                bespreekpunt,
            ),
        ],
        change_note="Tweede alinea",
    )


NEW = "Scholen, instituten en studenten ontwerpen samen."


@pytest.fixture
def amendment(manifest2, member) -> Amendment:
    return amendments.check_propose_amendment(
        member,
        manifest2,
        anchor="leeruitkomsten",
        paragraph=1,
        text=NEW,
        reason="Studenten horen erbij.",
    )


def consent(amendment, *users):
    for user in users:
        decisions.check_respond(user, amendment.consent_round, "consent")
    return decisions.check_close_consent_round(amendment.proposer, amendment.consent_round)


# Proposing ----------------------------------------------------------------------------------


def test_a_member_proposes_new_text_for_one_paragraph(amendment, bespreekpunt, member):
    assert amendment.status == Status.OPEN and amendment.original_text == SECOND
    topic = amendment.topic
    assert topic.bespreekpunt_id == bespreekpunt.pk and topic.author == member
    assert topic.title == "Wijzigingsvoorstel: Leeruitkomsten, alinea 2"
    assert amendment.consent_round.post.number == 1 and amendment.consent_round.quorum == 2
    assert amendment.base_version.number == 2
    opening = topic.posts.get(number=1)
    assert NEW in opening.body and SECOND in opening.body and "#leeruitkomsten" in opening.body


def test_the_topic_shows_the_word_diff_against_the_current_text(amendment, client):
    page = client.get(amendment.topic.get_absolute_url()).content.decode()
    assert "Wijzigingsvoorstel voor het manifest" in page
    assert "<del>" in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>studenten</ins>' in page
    assert '<del><span class="visually-hidden">verwijderd: </span>instituten</del>' in page
    assert "Consentronde" in page


def test_visitors_cannot_propose(manifest2):
    with pytest.raises(PermissionDenied):
        amendments.check_propose_amendment(
            AnonymousUser(), manifest2, anchor="leeruitkomsten", paragraph=0, text="x"
        )


def test_a_section_without_bespreekpunt_takes_no_proposals(manifest2, member):
    with pytest.raises(PermissionDenied):
        amendments.check_propose_amendment(member, manifest2, anchor="visie", paragraph=0, text="x")


@pytest.mark.parametrize(
    ("anchor", "paragraph", "text", "field"),
    [
        ("nergens", 0, "x", "section"),
        ("leeruitkomsten", 5, "x", "paragraph"),
        ("leeruitkomsten", 0, "  ", "text"),
        ("leeruitkomsten", 0, FIRST, "text"),
    ],
)
def test_bad_proposals_say_what_is_wrong(manifest2, member, anchor, paragraph, text, field):
    with pytest.raises(ValidationError) as raised:
        amendments.check_propose_amendment(
            member, manifest2, anchor=anchor, paragraph=paragraph, text=text
        )
    assert field in raised.value.message_dict
    assert not Topic.objects.exists()


def test_proposing_through_the_form_without_javascript(manifest2, member, client):
    client.force_login(member)
    base = manifest2.url + manifest2.reverse_subpage("amendment_new")
    page = client.get(f"{base}?sectie=leeruitkomsten").content.decode()
    assert "alinea=2" in page and SECOND in page
    form = client.get(f"{base}?sectie=leeruitkomsten&alinea=2").content.decode()
    assert f"{SECOND}</textarea>" in form
    response = client.post(f"{base}?sectie=leeruitkomsten&alinea=2", {"text": SECOND})
    assert response.status_code == 400 and "hetzelfde" in response.content.decode()
    response = client.post(f"{base}?sectie=leeruitkomsten&alinea=2", {"text": NEW, "reason": ""})
    amendment = Amendment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == amendment.topic.get_absolute_url()


def test_the_manifest_offers_propose_a_change_per_discussed_section(manifest2, client):
    page = client.get(manifest2.url).content.decode()
    assert "Wijziging voorstellen" in page and "sectie=leeruitkomsten" in page


# Deciding -----------------------------------------------------------------------------------


def test_consent_then_an_editor_adopts_into_a_new_version(
    amendment, editor, other_member, member, moderator
):
    third = make_member("derde", display_name="Derde Lid")
    actions.check_create_post(other_member, amendment.topic, body="Goed idee.")
    assert consent(amendment, other_member, third).outcome == ConsentRound.Outcome.CONSENT
    amendment.refresh_from_db()
    assert amendment.status == Status.OPEN  # waiting for an editor
    for user in (member, other_member, moderator):
        with pytest.raises(PermissionDenied):
            amendments.check_adopt_amendment(user, amendment)
    version = amendments.check_adopt_amendment(editor, amendment)
    amendment.refresh_from_db()
    assert amendment.status == Status.ADOPTED and amendment.adopted_version == version
    assert version.number == 3 and version.editor == editor
    assert amendment.topic.get_absolute_url() in version.change_note
    live = ManifestPage.objects.get(pk=amendment.page_id)
    assert amendments.section_paragraphs(live, "leeruitkomsten") == [FIRST, NEW]
    assert [p.pk for p in amendments.participants(amendment)] == [other_member.pk, third.pk]
    with pytest.raises(ValidationError):
        amendments.check_adopt_amendment(editor, amendment)
    assert ManifestVersion.objects.count() == 3


def test_the_version_page_credits_proposer_and_participants_and_shows_the_diff(
    amendment, editor, other_member, client
):
    third = make_member("derde", display_name="Derde Lid")
    consent(amendment, other_member, third)
    version = amendments.check_adopt_amendment(editor, amendment)
    page = client.get(version.get_url()).content.decode()
    assert "voorgesteld door Marieke de Vries" in page
    assert "Jeroen Bakker, Derde Lid" in page
    assert f'href="{amendment.topic.get_absolute_url()}"' in page
    assert "studenten</ins>" in page
    history = client.get(manifest_url(amendment.page, "versions")).content.decode()
    assert "voorgesteld door Marieke de Vries" in history


def manifest_url(page, name):
    page = ManifestPage.objects.get(pk=page.pk)
    return page.url + page.reverse_subpage(name)


def test_no_adoption_before_the_round_ends_in_consent(amendment, editor, other_member):
    with pytest.raises(ValidationError):
        amendments.check_adopt_amendment(editor, amendment)
    decisions.check_respond(other_member, amendment.consent_round, "objection", "Te breed")
    decisions.check_close_consent_round(amendment.proposer, amendment.consent_round)
    amendment.refresh_from_db()
    assert amendment.status == Status.REJECTED and amendment.decided_at is not None
    with pytest.raises(ValidationError):
        amendments.check_adopt_amendment(editor, amendment)
    assert ManifestVersion.objects.count() == 2


def test_the_proposer_withdraws_and_the_proposal_stays_visible(
    amendment, other_member, member, client
):
    with pytest.raises(PermissionDenied):
        amendments.check_withdraw_amendment(other_member, amendment)
    amendments.check_withdraw_amendment(member, amendment)
    amendment.refresh_from_db()
    assert amendment.status == Status.WITHDRAWN
    assert amendment.consent_round.outcome == ConsentRound.Outcome.WITHDRAWN
    listing = client.get(manifest_url(amendment.page, "amendments")).content.decode()
    assert "Ingetrokken" in listing and "Leeruitkomsten, alinea 2" in listing
    with pytest.raises(ValidationError):
        amendments.check_withdraw_amendment(member, amendment)


def test_a_moderator_may_withdraw_too(amendment, moderator):
    assert amendments.check_withdraw_amendment(moderator, amendment).status == Status.WITHDRAWN


# Outdated -----------------------------------------------------------------------------------


def test_a_proposal_on_changed_text_is_outdated_and_shows_the_new_diff(
    amendment, editor, other_member, bespreekpunt, client
):
    changed = "Scholen en instituten ontwerpen samen de route."
    publish_manifest(
        amendment.page,
        editor,
        sections=[
            section("Visie", "visie", "<p>Opleiden vanuit de aanstaande leraar.</p>"),
            section(
                "Leeruitkomsten", "leeruitkomsten", f"<p>{FIRST}</p><p>{changed}</p>", bespreekpunt
            ),
        ],
        change_note="Tussendoor",
    )
    amendment = Amendment.objects.get(pk=amendment.pk)
    assert amendments.is_outdated(amendment)
    page = client.get(amendment.topic.get_absolute_url()).content.decode()
    assert "verouderd" in page
    # Against the current text the words added meanwhile show as removed by the proposal.
    outdated_part = page.split('class="amendment-outdated"')[1]
    assert "de route.</del>" in outdated_part
    consent(amendment, other_member, make_member("derde"))
    with pytest.raises(ValidationError):
        amendments.check_adopt_amendment(editor, amendment)
    listing = client.get(manifest_url(amendment.page, "amendments")).content.decode()
    assert "verouderd" in listing


# Atomic adoption ----------------------------------------------------------------------------


def test_a_failure_after_publishing_leaves_neither_version_nor_mark(
    amendment, editor, other_member, monkeypatch
):
    consent(amendment, other_member, make_member("derde"))
    before = ManifestVersion.objects.count()
    live_revision = ManifestPage.objects.get(pk=amendment.page_id).live_revision_id

    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Amendment, "save", fail)
    with pytest.raises(RuntimeError):
        amendments.check_adopt_amendment(editor, amendment)
    monkeypatch.undo()
    assert ManifestVersion.objects.count() == before
    amendment.refresh_from_db()
    assert amendment.status == Status.OPEN and amendment.adopted_version is None
    page = ManifestPage.objects.get(pk=amendment.page_id)
    assert page.live_revision_id == live_revision
    assert amendments.section_paragraphs(page, "leeruitkomsten") == [FIRST, SECOND]
    # Once the failure is gone, the same action adopts it.
    version = amendments.check_adopt_amendment(editor, amendment)
    amendment.refresh_from_db()
    assert amendment.adopted_version == version


def test_a_failure_while_recording_the_version_leaves_the_proposal_open(
    amendment, editor, other_member, monkeypatch
):
    consent(amendment, other_member, make_member("derde"))

    def fail(*args, **kwargs):
        raise RuntimeError("version numbering failed")

    monkeypatch.setattr("knowledge.actions.do_record_manifest_version", fail)
    with pytest.raises(RuntimeError):
        amendments.check_adopt_amendment(editor, amendment)
    amendment.refresh_from_db()
    assert amendment.status == Status.OPEN
    assert ManifestVersion.objects.count() == 2


def test_the_database_refuses_an_adopted_mark_without_a_version(amendment):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Amendment.objects.filter(pk=amendment.pk).update(status=Status.ADOPTED)


def test_the_demo_has_an_adopted_and_an_open_amendment(home_page, locales, bespreekpunt, client):
    from community.models import BespreekpuntPage
    from home.demo import DemoContext
    from knowledge import demo

    variants = bespreekpunt.get_parent().add_child(
        instance=BespreekpuntPage(
            title="Opleidingsvarianten", slug="opleidingsvarianten", intro="<p>Routes.</p>"
        )
    )
    variants.save_revision().publish()
    members = {
        name: make_member(name, group="Editors" if name == "eva" else "Members")
        for name in ["anouk", "bram", "fatima", "joost", "lotte", "eva"]
    }
    context = DemoContext(
        home=home_page,
        home_en=home_page.get_translation(locales["en"]),
        members=members,
        pages={
            "bespreekpunt:leeruitkomsten": bespreekpunt,
            "bespreekpunt:opleidingsvarianten": variants,
        },
    )
    demo.load(context)
    demo.load(context)
    adopted, still_open = Amendment.objects.order_by("created_at")
    assert adopted.status == Status.ADOPTED and adopted.adopted_version.number == 3
    assert still_open.status == Status.OPEN and not amendments.is_outdated(still_open)
    assert still_open.consent_round.objection_count == 1
    assert ManifestVersion.objects.filter(page=adopted.page).count() == 3
    listing = client.get("/nl/manifest/voorstellen/").content.decode()
    assert "Aangenomen" in listing and "Open" in listing


# Through the pages, as a browser without JavaScript sends them --------------------------------


def test_an_editor_adopts_through_the_button(amendment, editor, other_member, client):
    third = make_member("derde", display_name="Derde Lid")
    consent(amendment, other_member, third)
    page = ManifestPage.objects.get(pk=amendment.page_id)
    url = page.url + page.reverse_subpage("amendment_adopt", kwargs={"amendment_id": amendment.pk})
    client.force_login(editor)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == Status.ADOPTED
    assert response["Location"] == amendment.adopted_version.get_url()


def test_the_proposer_withdraws_through_the_button(amendment, member, client):
    page = ManifestPage.objects.get(pk=amendment.page_id)
    url = page.url + page.reverse_subpage(
        "amendment_withdraw", kwargs={"amendment_id": amendment.pk}
    )
    client.force_login(member)
    assert client.post(url).status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == Status.WITHDRAWN
