"""Members write articles without the Wagtail admin; only the editors' approval publishes."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.models import WorkflowState

from knowledge.actions import (
    ArticleData,
    check_create_article,
    check_submit_article,
    check_update_article,
)
from knowledge.models import ArticlePage
from tests.knowledge.conftest import make_article

pytestmark = pytest.mark.django_db

WRITE_URL = "/nl/kennisbank/schrijven/"


def form_data(**overrides):
    data = {
        "title": "Leeruitkomsten in ons partnerschap",
        "summary": "Hoe wij met leeruitkomsten werken.",
        "body": "## Aanpak\nWe begonnen klein.\n\nDaarna <b>groeide</b> het.",
        "tags": "leeruitkomsten, pilots",
        "sources-TOTAL_FORMS": "2",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "30",
        "sources-0-title": "Pilots flexibilisering",
        "sources-0-url": "https://www.rijksoverheid.nl/onderwerpen/hoger-onderwijs/pilots-flexibilisering",
    }
    data.update(overrides)
    return data


def data(title="Mijn artikel") -> ArticleData:
    return ArticleData(title=title, summary="Kort.", body=[("paragraph", "<p>Tekst.</p>")])


def test_member_writes_a_draft_through_the_form(client, knowledge_index, member):
    client.force_login(member)
    response = client.post(WRITE_URL, form_data(save="1"))
    assert response.status_code == 302
    article = ArticlePage.objects.get()
    assert not article.live
    assert article.owner == member
    assert list(article.authors.all()) == [member]
    draft = article.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["heading", "paragraph", "paragraph"]
    assert "&lt;b&gt;groeide&lt;/b&gt;" in draft.body[2].value.source
    assert {t.name for t in draft.tags.all()} == {"leeruitkomsten", "pilots"}
    assert draft.sources[0].value["title"] == "Pilots flexibilisering"
    assert client.get("/nl/kennisbank/").content.decode().count("Leeruitkomsten in ons") == 0


def test_submitting_starts_the_editorial_workflow(client, knowledge_index, member):
    client.force_login(member)
    client.post(WRITE_URL, form_data(submit="1"))
    article = ArticlePage.objects.get()
    state = article.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    assert not article.live
    mine = client.get("/nl/kennisbank/mijn-artikelen/").content.decode()
    assert "Wacht op de redactie" in mine


def test_member_cannot_publish(knowledge_index, member):
    article = check_create_article(member, knowledge_index, data())
    assert not article.permissions_for_user(member).can_publish()
    assert not article.permissions_for_user(member).can_edit()


def test_member_cannot_edit_someone_elses_article(client, knowledge_index, member, other_member):
    article = check_create_article(member, knowledge_index, data())
    with pytest.raises(PermissionDenied):
        check_update_article(other_member, article, data("Overgenomen"))
    client.force_login(other_member)
    assert client.get(f"/nl/kennisbank/{article.pk}/bewerken/").status_code == 403


def test_member_edits_own_draft(knowledge_index, member):
    article = check_create_article(member, knowledge_index, data())
    check_update_article(member, article, data("Beter artikel"))
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.get_latest_revision_as_object().title == "Beter artikel"
    assert not article.live


def test_anonymous_visitors_are_sent_to_log_in(client, knowledge_index):
    response = client.get(WRITE_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_editor_approval_publishes_and_notifies(
    knowledge_index, member, editor, django_capture_on_commit_callbacks
):
    article = check_create_article(member, knowledge_index, data())
    state = check_submit_article(member, article)
    task_state = state.current_task_state.specific
    assert task_state.task.specific.user_can_access_editor(article, editor)
    assert not task_state.task.specific.get_actions(article, member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve", comment="Mooi")
    article.refresh_from_db()
    assert article.live
    message = next(m for m in mail.outbox if m.subject.startswith("Je artikel"))
    assert message.to == [member.email]
    assert "Je artikel is goedgekeurd" in message.subject
    assert "Mooi" in message.body and article.url in message.body


def test_rejected_article_returns_to_its_author(
    client, knowledge_index, member, editor, django_capture_on_commit_callbacks
):
    article = check_create_article(member, knowledge_index, data())
    state = check_submit_article(member, article)
    with pytest.raises(PermissionDenied):
        check_update_article(member, article, data("Tijdens beoordeling"))
    task_state = state.current_task_state.specific
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "reject", comment="Voeg bronnen toe")
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    message = next(m for m in mail.outbox if m.subject.startswith("Je artikel"))
    assert message.to == [member.email]
    assert "Je artikel heeft aanpassingen nodig" in message.subject
    assert "Voeg bronnen toe" in message.body
    assert f"/nl/kennisbank/{article.pk}/bewerken/" in message.body
    client.force_login(member)
    assert "Voeg bronnen toe" in client.get("/nl/kennisbank/mijn-artikelen/").content.decode()
    check_update_article(member, article, data("Met bronnen"))
    state = check_submit_article(member, article)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision.as_object().title == "Met bronnen"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Geef je artikel een titel."),
        ({"sources-0-url": "niet een adres"}, "Dit is geen geldig webadres"),
        ({"sources-1-title": "Artikel", "sources-1-doi": "doi:abc"}, "Een DOI begint met 10."),
    ],
)
def test_bad_input_keeps_the_text_and_saves_nothing(
    client, knowledge_index, member, overrides, message
):
    client.force_login(member)
    response = client.post(WRITE_URL, form_data(submit="1", **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Daarna &lt;b&gt;groeide&lt;/b&gt; het." in html
    assert not ArticlePage.objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=10)
def test_attachments_must_be_small_and_of_an_allowed_type(client, knowledge_index, member):
    client.force_login(member)
    too_big = SimpleUploadedFile("verslag.pdf", b"%PDF-" + b"x" * 100)
    response = client.post(WRITE_URL, form_data(save="1", attachment=too_big))
    assert "een bijlage mag hoogstens" in response.content.decode()
    wrong_type = SimpleUploadedFile("script.exe", b"MZ")
    response = client.post(WRITE_URL, form_data(save="1", attachment=wrong_type))
    assert "Bestanden van het type .exe zijn niet toegestaan" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_allowed_attachment_is_stored_as_a_document(client, knowledge_index, member, tmp_path):
    client.force_login(member)
    with override_settings(MEDIA_ROOT=tmp_path):
        upload = SimpleUploadedFile("opbrengst.pdf", b"%PDF-1.4 klein")
        client.post(WRITE_URL, form_data(save="1", attachment=upload))
    draft = ArticlePage.objects.get().get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["opbrengst.pdf"]


def test_editors_see_articles_past_their_review_date(client, knowledge_index, editor, member):
    overdue = make_article(knowledge_index, "Verouderd", review_by=datetime.date(2020, 1, 1))
    make_article(knowledge_index, "Nog actueel", review_by=datetime.date(2999, 1, 1))
    client.force_login(editor)
    html = client.get("/admin/reports/knowledge-review/").content.decode()
    assert overdue.title in html and "Nog actueel" not in html
    client.force_login(member)
    assert client.get("/admin/reports/knowledge-review/").status_code == 302


def test_preview_of_a_draft_with_relations_renders(rf, knowledge_index, bespreekpunt, member):
    article = check_create_article(
        member,
        knowledge_index,
        ArticleData(
            title="Met bespreekpunt",
            summary="Kort.",
            body=[("paragraph", "<p>Tekst.</p>")],
            bespreekpunt_ids=[bespreekpunt.pk],
        ),
    )
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    request = rf.get(article.url or "/")
    request.user = member
    response = draft.serve_preview(request, draft.default_preview_mode)
    assert "Leeruitkomsten" in response.rendered_content


def _review(article, member, editor, action, comment, capture):
    state = check_submit_article(member, article)
    task_state = state.current_task_state.specific
    mail.outbox.clear()
    with capture(execute=True):
        task_state.task.specific.on_action(task_state, editor, action, comment=comment)
    return [m for m in mail.outbox if member.email in m.to]


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_members_get_only_our_notice_without_admin_links(
    knowledge_index, member, editor, action, django_capture_on_commit_callbacks
):
    """Wagtail's own approve/reject mail links into the admin, which members cannot open."""
    article = check_create_article(member, knowledge_index, data())
    received = _review(article, member, editor, action, "Prima", django_capture_on_commit_callbacks)
    assert len(received) == 1
    message = received[0]
    assert message.subject.startswith("Je artikel")
    assert "/admin/" not in message.body
    for alternative, _mimetype in getattr(message, "alternatives", []):
        assert "/admin/" not in alternative


def test_the_notice_speaks_the_members_language(
    knowledge_index, member, editor, django_capture_on_commit_callbacks
):
    member.profile.language = "en"
    member.profile.save()
    article = check_create_article(member, knowledge_index, data())
    received = _review(
        article, member, editor, "reject", "Add sources", django_capture_on_commit_callbacks
    )
    assert [m.subject for m in received] == ["Your article needs changes: Mijn artikel"]
    assert "The editors ask you to revise your article." in received[0].body
    # Their draft's edit page, under the article's own (Dutch) knowledge base.
    assert f"/nl/kennisbank/{article.pk}/bewerken/" in received[0].body


def test_people_who_use_the_admin_keep_wagtails_email(
    knowledge_index, member, editor, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    member.groups.add(Group.objects.get(name="Moderators"))  # may open the admin
    article = check_create_article(member, knowledge_index, data())
    received = _review(article, member, editor, "approve", "Ok", django_capture_on_commit_callbacks)
    assert len(received) == 1 and "/admin/" in received[0].body
