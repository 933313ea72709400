"""A concluded topic becomes a knowledge-base article draft: who may, what it holds, and how the
article and the topic link to each other once the editors approve it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import WorkflowState

from community import actions as community
from community.models import Post
from community.moderation import check_close_topic
from community.privacy import do_erase_member
from knowledge.actions import check_distil_topic, check_submit_article
from knowledge.models import ArticlePage
from knowledge.permissions import can_distil_topic
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    # These tests run in one transaction that never commits; cache invalidation runs at once.
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def topic(bespreekpunt, member, other_member, moderator):
    topic = community.check_create_topic(
        member,
        bespreekpunt,
        title="Leeruitkomsten toetsen",
        body="Hoe toetsen jullie **leeruitkomsten**?",
        tags=["toetsing"],
    )
    community.check_create_post(other_member, topic, body="Wij toetsen met een portfolio.")
    community.check_create_post(member, topic, body="Een gesprek over bewijs werkt het best.")
    for number in (2, 3):
        post = Post.objects.get(topic=topic, number=number)
        community.check_mark_key_insight(moderator, post, value=True)
    return check_close_topic(moderator, topic, closed=True)


def distil_url(topic) -> str:
    return f"/nl/kennisbank/distilleren/{topic.pk}/"


def test_who_may_distil_a_concluded_topic(topic, member, other_member, moderator, editor):
    assert can_distil_topic(member, topic)  # its author
    assert can_distil_topic(moderator, topic)
    assert can_distil_topic(editor, topic)
    assert not can_distil_topic(other_member, topic)  # a member who did not start it
    from django.contrib.auth.models import AnonymousUser

    assert not can_distil_topic(AnonymousUser(), topic)
    inactive = make_member("oud-lid")
    inactive.is_active = False
    assert not can_distil_topic(inactive, topic)


def test_an_open_topic_cannot_be_distilled(topic, member, moderator, knowledge_index):
    check_close_topic(moderator, topic, closed=False)
    topic.refresh_from_db()
    with translation.override("nl"), pytest.raises(PermissionDenied, match="afgerond"):
        check_distil_topic(moderator, knowledge_index, topic)


def test_a_topic_without_key_insights_asks_for_them_first(topic, member, knowledge_index):
    Post.objects.filter(topic=topic).update(is_key_insight=False)
    with pytest.raises(ValidationError):
        check_distil_topic(member, knowledge_index, topic)
    assert not ArticlePage.objects.exists()


def test_distilling_makes_a_draft_with_quotes_and_permalinks(
    topic, member, knowledge_index, bespreekpunt
):
    article = check_distil_topic(member, knowledge_index, topic)
    assert not article.live
    assert article.owner == member
    assert article.source_topic == topic
    draft = article.get_latest_revision_as_object()
    quotes = [block.value for block in draft.body if block.block_type == "topic_quote"]
    assert [q["text"] for q in quotes] == [
        "Wij toetsen met een portfolio.",
        "Een gesprek over bewijs werkt het best.",
    ]
    assert quotes[0]["url"] == f"{bespreekpunt.url}leeruitkomsten-toetsen/2/"
    assert [bp.pk for bp in draft.related_bespreekpunten.all()] == [bespreekpunt.pk]
    assert {tag.name for tag in draft.tags.all()} == {"toetsing"}


def test_one_article_per_topic(topic, member, moderator, knowledge_index):
    check_distil_topic(member, knowledge_index, topic)
    with pytest.raises(ValidationError):
        check_distil_topic(moderator, knowledge_index, topic)
    assert ArticlePage.objects.count() == 1


def test_distil_page_shows_the_quotes_and_credits_and_makes_the_draft(
    client, topic, member, knowledge_index
):
    client.force_login(member)
    page = client.get(distil_url(topic)).content.decode()
    assert "Wij toetsen met een portfolio." in page
    assert "Jeroen Bakker, Marieke de Vries" in page
    response = client.post(distil_url(topic))
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/nl/kennisbank/{article.pk}/bewerken/"
    form = client.get(response["Location"]).content.decode()
    assert "&gt; Wij toetsen met een portfolio." in form
    assert f"&gt; — Jeroen Bakker, {topic.get_absolute_url()}2/" in form
    # Coming back to the distil link while the draft is open goes to the draft.
    assert client.get(distil_url(topic))["Location"] == response["Location"]


def test_distil_page_refuses_who_may_not(client, topic, other_member, knowledge_index):
    assert client.get(distil_url(topic)).status_code == 302  # to the login page
    client.force_login(other_member)
    assert client.get(distil_url(topic)).status_code == 403
    assert client.post(distil_url(topic)).status_code == 403
    assert not ArticlePage.objects.exists()
    assert client.get("/nl/kennisbank/distilleren/999999/").status_code == 404


def test_revising_the_draft_keeps_the_quotes_from_the_discussion(
    client, topic, member, knowledge_index
):
    article = check_distil_topic(member, knowledge_index, topic)
    client.force_login(member)
    form = client.get(f"/nl/kennisbank/{article.pk}/bewerken/").context["form"]
    body = form.initial["body"].replace("Wij toetsen", "Wij beoordelen")
    response = client.post(
        f"/nl/kennisbank/{article.pk}/bewerken/",
        {
            "title": "Leeruitkomsten toetsen: wat we leerden",
            "summary": "Wat het netwerk leerde.",
            "body": body + "\n\n> Een eigen citaat zonder bron.",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
            "sources-MIN_NUM_FORMS": "0",
            "sources-MAX_NUM_FORMS": "30",
            "save": "1",
        },
    )
    assert response.status_code == 302
    draft = ArticlePage.objects.get().get_latest_revision_as_object()
    kinds = [block.block_type for block in draft.body]
    assert kinds == ["paragraph", "heading", "topic_quote", "topic_quote", "quote"]
    assert draft.body[2].value["text"] == "Wij beoordelen met een portfolio."
    assert draft.source_topic_id == topic.pk


def approve(article, editor):
    check_submit_article(article.owner, article)
    state = ArticlePage.objects.get(pk=article.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, editor, "approve", comment="Mooi")
    return ArticlePage.objects.get(pk=article.pk)


def test_approved_article_and_topic_link_to_each_other(
    client, topic, member, editor, knowledge_index
):
    topic_url = topic.get_absolute_url()
    client.force_login(member)
    before = client.get(topic_url).content.decode()
    assert "Vastleggen als kennisbankartikel" in before
    article = check_distil_topic(member, knowledge_index, topic)
    assert "Vastleggen als kennisbankartikel" not in client.get(topic_url).content.decode()
    article = approve(article, editor)
    assert article.live
    page = client.get(article.url).content.decode()
    assert f'href="{topic_url}"' in page
    assert "Wij toetsen met een portfolio." in page
    assert f'href="{topic_url}2/">Jeroen Bakker, #2</a>' in page
    assert "Met citaten van Jeroen Bakker, Marieke de Vries." in page
    client.logout()
    topic_page = client.get(topic_url).content.decode()
    assert f'href="{article.url}"' in topic_page
    assert "Kennisbankartikel: Leeruitkomsten toetsen" in topic_page


def test_erased_members_are_credited_as_deleted_member(
    client, topic, member, other_member, editor, knowledge_index
):
    article = approve(check_distil_topic(member, knowledge_index, topic), editor)
    do_erase_member(other_member)
    page = client.get(article.url).content.decode()
    assert "Jeroen Bakker" not in page
    assert "verwijderd lid, #2" in page
    assert "Met citaten van verwijderd lid, Marieke de Vries." in page


def test_article_page_queries_do_not_grow_with_quotes(
    client, topic, member, moderator, editor, knowledge_index
):
    from tests.knowledge.conftest import count_queries

    article = approve(check_distil_topic(member, knowledge_index, topic), editor)
    few = count_queries(client, article.url)
    more = community.check_create_post(moderator, topic, body="Nog een inzicht.")
    Post.objects.filter(pk=more.pk).update(is_key_insight=True)
    ArticlePage.objects.all().delete()
    article = approve(check_distil_topic(member, knowledge_index, topic), editor)
    assert count_queries(client, article.url) == few
