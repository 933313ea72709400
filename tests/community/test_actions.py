"""Actions and permissions: who may do what, and what each action leaves behind."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from community import actions
from community.events import Event, event_published
from community.models import Bookmark, Post, PostRevision, Reaction, ReadState, Topic
from community.permissions import is_moderator
from tests.factories import UserFactory


def test_member_starts_topic_with_first_post_tags_and_counters(topic, member):
    assert topic.post_count == 1 and topic.participant_count == 1
    assert topic.slug == "leeruitkomsten-in-de-pabo"
    assert list(topic.tags.names()) == ["pabo"]
    first = topic.posts.get()
    assert first.number == 1 and first.author == member
    assert "<strong>formuleren</strong>" in first.html
    assert ReadState.objects.get(user=member, topic=topic).last_read_number == 1


def test_replies_are_numbered_and_count_participants(topic, member, other_member):
    second = actions.check_create_post(other_member, topic, body="Twee", reply_to=1)
    third = actions.check_create_post(member, topic, body="Drie")
    assert (second.number, third.number) == (2, 3)
    assert second.reply_to.number == 1
    topic.refresh_from_db()
    assert topic.post_count == 3 and topic.participant_count == 2 and topic.reply_count == 2


def test_same_title_gets_its_own_slug(make_topic):
    assert make_topic(title="Zelfde").slug == "zelfde"
    assert make_topic(title="Zelfde").slug == "zelfde-2"
    assert make_topic(title="Nieuw").slug == "nieuw-2"  # "nieuw" is the new-topic route


def test_anonymous_and_non_members_cannot_post(topic, bespreekpunt):
    outsider = UserFactory(username="buiten")
    for user in (AnonymousUser(), outsider):
        with pytest.raises(PermissionDenied):
            actions.check_create_post(user, topic, body="Hallo")
        with pytest.raises(PermissionDenied):
            actions.check_create_topic(user, bespreekpunt, title="T", body="B")
    assert Post.objects.count() == 1


def test_only_author_or_moderator_edits(topic, member, other_member, moderator):
    post = topic.posts.get()
    with pytest.raises(PermissionDenied):
        actions.check_edit_post(other_member, post, body="Gekaapt")
    actions.check_edit_post(member, post, body="Hoe formuleren jullie goede leeruitkomsten?")
    actions.check_edit_post(moderator, post, body="Aangepast door moderator")
    post.refresh_from_db()
    assert post.edited_at is not None
    assert list(post.revisions.values_list("number", flat=True)) == [1, 2, 3]
    assert is_moderator(moderator) and not is_moderator(member)


def test_soft_delete_keeps_thread_context(topic, member, other_member):
    reply = actions.check_create_post(other_member, topic, body="Antwoord", reply_to=1)
    with pytest.raises(PermissionDenied):
        actions.check_delete_post(other_member, topic.posts.get(number=1))
    actions.check_delete_post(other_member, reply)
    answer = actions.check_create_post(member, topic, body="Na verwijderen", reply_to=2)
    reply.refresh_from_db()
    assert reply.is_deleted and answer.reply_to == reply and answer.number == 3
    with pytest.raises(PermissionDenied):
        actions.check_edit_post(other_member, reply, body="Terug")


def test_reactions_one_of_each_per_member(topic, member, other_member):
    post = topic.posts.get()
    assert actions.check_react(other_member, post, "heart") is True
    assert actions.check_react(other_member, post, "heart", add=True) is True
    actions.check_react(member, post, "heart")
    actions.check_react(member, post, "bulb")
    post.refresh_from_db()
    assert post.reaction_counts == {"heart": 2, "bulb": 1}
    assert actions.check_react(member, post, "heart") is False
    post.refresh_from_db()
    assert post.reaction_counts == {"heart": 1, "bulb": 1}
    with pytest.raises(ValidationError) as error:
        actions.check_react(member, post, "poop")
    assert "is not a reaction" in str(error.value) or "geen reactie" in str(error.value)
    assert Reaction.objects.count() == 2


def test_key_insight_by_topic_author_or_moderator(topic, member, other_member, moderator):
    reply = actions.check_create_post(other_member, topic, body="Inzicht")
    with pytest.raises(PermissionDenied):
        actions.check_mark_key_insight(other_member, reply)
    assert actions.check_mark_key_insight(member, reply).is_key_insight
    assert not actions.check_mark_key_insight(moderator, reply, value=False).is_key_insight


def test_hide_is_for_moderators(topic, member, moderator):
    post = topic.posts.get()
    with pytest.raises(PermissionDenied):
        actions.check_hide_post(member, post)
    assert actions.check_hide_post(moderator, post).is_hidden


def test_bookmarks_toggle(topic, other_member):
    post = topic.posts.get()
    assert actions.check_toggle_bookmark(other_member, post) is True
    assert Bookmark.objects.filter(user=other_member).count() == 1
    assert actions.check_toggle_bookmark(other_member, post) is False
    assert not Bookmark.objects.exists()


def test_closed_topic_refuses_replies(topic, other_member, moderator):
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    topic.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.check_create_post(other_member, topic, body="Toch nog")
    assert actions.check_create_post(moderator, topic, body="Afsluitend woord").number == 2


def test_mark_all_read(make_topic, bespreekpunt, other_member):
    first, second = make_topic(title="Een"), make_topic(title="Twee")
    actions.mark_all_read(other_member, bespreekpunt)
    states = dict(
        ReadState.objects.filter(user=other_member).values_list("topic", "last_read_number")
    )
    assert states == {first.pk: 1, second.pk: 1}


def test_events_are_published_after_commit_only(
    topic, other_member, django_capture_on_commit_callbacks
):
    seen: list[Event] = []

    def listener(sender, event, **kwargs):
        seen.append(event)

    event_published.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.check_create_post(other_member, topic, body="Na commit")
            assert seen == []  # nothing is announced before the commit
            with pytest.raises(ValidationError):
                actions.check_create_post(other_member, topic, body="x", reply_to=99)
    finally:
        event_published.disconnect(listener)
    assert [event.name for event in seen] == ["post.created"]
    assert seen[0].topic_id == topic.pk and seen[0].data["number"] == 2


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("   ", "Tekst", "title"),
        ("Titel", "", "body"),
        ("Titel", "   \n ", "body"),
        ("Titel", "x" * 100_000, "body"),
        ("Titel", "kapot \ufffd teken", "body"),
        ("x" * 201, "Tekst", "title"),
    ],
)
def test_bad_topic_input_saves_nothing(bespreekpunt, member, title, body, field):
    with pytest.raises(ValidationError) as error:
        actions.check_create_topic(member, bespreekpunt, title=title, body=body)
    assert field in error.value.message_dict
    assert not Topic.objects.exists() and not Post.objects.exists()
    assert not PostRevision.objects.exists()


def test_mentions_link_to_profiles_of_existing_members(topic, other_member):
    post = actions.check_create_post(other_member, topic, body="Eens met @marieke, niet @niemand")
    assert '<a href="/nl/leden/marieke/" class="mention"' in post.html or (
        'href="/nl/members/marieke/"' in post.html
    )
    assert "@niemand" in post.html and "/niemand/" not in post.html
