"""In-app notifications: who is told what, once, and the pages and badge that show them."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import PageViewRestriction

from community import actions
from community.events import publish_event
from community.models import ModerationAction, Notification, Post, WatchLevel
from community.notifications import (
    check_set_watch_level,
    describe,
    mark_notifications_read,
    unread_notification_count,
)
from community.views.topics import quote_markdown
from tests.factories import make_member


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the after-commit listeners, as at the end of a real request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def frames(monkeypatch):
    sent: list[tuple[int, dict]] = []
    monkeypatch.setattr(
        "community.realtime.broadcast.send_to_member",
        lambda user_id, frame: sent.append((user_id, frame)),
    )
    return sent


def _kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_reply_notifies_the_author_not_the_actor(committed, topic, member, other_member):
    with committed():
        post = actions.check_create_post(other_member, topic, body="Goede vraag", reply_to=1)
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (member, "reply")
    assert (notification.actor, notification.post, notification.topic) == (
        other_member,
        post,
        topic,
    )
    assert _kinds(other_member) == []


def test_mention_notifies_the_member_named(committed, topic, other_member):
    anouk = make_member("anouk", display_name="Anouk")
    with committed():
        actions.check_create_post(other_member, topic, body="Vraag het @anouk eens")
    assert _kinds(anouk) == ["mention"]


def test_quote_notifies_the_member_quoted(committed, topic, member, other_member):
    quoted = quote_markdown(topic.bespreekpunt, topic, topic.posts.get(number=1))
    with committed():
        actions.check_create_post(other_member, topic, body=quoted + "Daar ben ik het mee eens.")
    assert _kinds(member) == ["quote"]


def test_a_quote_inside_a_quote_does_not_count(committed, topic, member, other_member):
    anouk = make_member("anouk")
    with committed():
        actions.check_create_post(anouk, topic, body="> eerder\n>\n> — [@marieke, #1](/x/1/)\n\nJa")
    Notification.objects.all().delete()
    requoted = quote_markdown(topic.bespreekpunt, topic, topic.posts.get(number=2))
    with committed():
        actions.check_create_post(other_member, topic, body=requoted + "Precies")
    assert _kinds(anouk) == ["quote"] and _kinds(member) == []


def test_one_post_notifies_a_member_once_with_the_most_specific_kind(
    committed, topic, member, other_member
):
    check_set_watch_level(member, level=WatchLevel.WATCHING, topic=topic)
    quoted = quote_markdown(topic.bespreekpunt, topic, topic.posts.get(number=1))
    with committed():
        actions.check_create_post(other_member, topic, body=quoted + "@marieke, ja!", reply_to=1)
    assert _kinds(member) == ["mention"]
    # An edit that mentions again adds nothing; a new post is a new notification.
    post = Post.objects.get(topic=topic, number=2)
    with committed():
        actions.check_edit_post(other_member, post, body="@marieke, ja! En nog iets.")
    assert _kinds(member) == ["mention"]


def test_mention_added_by_an_edit_notifies(committed, topic, other_member):
    anouk = make_member("anouk")
    with committed():
        post = actions.check_create_post(other_member, topic, body="Eerste versie")
        actions.check_edit_post(other_member, post, body="Tweede versie, @anouk")
    assert _kinds(anouk) == ["mention"]


def test_the_actor_is_never_notified(committed, topic, member):
    check_set_watch_level(member, level=WatchLevel.WATCHING, topic=topic)
    with committed():
        post = actions.check_create_post(member, topic, body="Zelf @marieke", reply_to=1)
        actions.check_react(member, post, "heart")
    assert _kinds(member) == []


@pytest.mark.parametrize("state", ["is_hidden", "is_pending"])
def test_an_invisible_post_notifies_nobody_until_approved(
    committed, topic, member, other_member, state
):
    with committed():
        post = actions.check_create_post(other_member, topic, body="@marieke kijk", reply_to=1)
        Post.objects.filter(pk=post.pk).update(**{state: True})
    assert _kinds(member) == []
    if state == "is_pending":
        Post.objects.filter(pk=post.pk).update(is_pending=False)
        with committed():
            publish_event(
                "post.approved",
                bespreekpunt_id=topic.bespreekpunt_id,
                topic_id=topic.pk,
                post_id=post.pk,
                actor_id=None,
                number=post.number,
                mentions=["marieke"],
            )
        assert _kinds(member) == ["mention"]


def test_hiding_a_post_removes_its_unread_notifications(
    committed, topic, member, other_member, moderator
):
    with committed():
        post = actions.check_create_post(other_member, topic, body="Hoi", reply_to=1)
    assert unread_notification_count(member) == 1
    with committed():
        actions.check_hide_post(moderator, post)
    assert _kinds(member) == [] and unread_notification_count(member) == 0


def test_only_members_who_can_read_the_post_are_notified(committed, topic, other_member, moderator):
    outsider = make_member("anouk")
    restriction = PageViewRestriction.objects.create(
        page=topic.bespreekpunt, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Moderators"))
    with committed():
        actions.check_create_post(other_member, topic, body="@anouk en @moderator")
    assert _kinds(outsider) == [] and _kinds(moderator) == ["mention"]


def test_reactions_are_grouped_per_post(committed, topic, member, other_member):
    first = topic.posts.get(number=1)
    anouk = make_member("anouk", display_name="Anouk")
    with committed():
        actions.check_react(other_member, first, "heart")
    earlier = Notification.objects.get().updated_at
    with committed():
        actions.check_react(anouk, first, "bulb")
        actions.check_react(anouk, first, "heart")
    notification = Notification.objects.get()
    assert notification.kind == "reaction" and notification.user == member
    assert notification.data["reactions"] == {
        "heart": [other_member.pk, anouk.pk],
        "bulb": [anouk.pk],
    }
    with translation.override("nl"):
        assert describe(notification).startswith("Jeroen Bakker, Anouk reageerde")
    assert notification.updated_at > earlier
    with committed():
        actions.check_react(anouk, first, "bulb")
    assert Notification.objects.get().data["reactions"] == {"heart": [other_member.pk, anouk.pk]}
    # Once read, the next reaction starts a new group.
    mark_notifications_read(member)
    with committed():
        actions.check_react(anouk, first, "thinking")
    assert Notification.objects.filter(user=member, read_at=None).count() == 1


def test_reaction_notifications_show_the_reactors_current_names(
    committed, client, topic, member, other_member
):
    first = topic.posts.get(number=1)
    with committed():
        actions.check_react(other_member, first, "heart")
    with committed():
        actions.check_update_profile(other_member, other_member.profile, display_name="Jeroen B.")
    client.force_login(member)
    html = client.get("/nl/meldingen/").text
    assert "Jeroen B." in html and "Jeroen Bakker" not in html
    # The post lists its reactors by their new name too.
    page = client.get(topic.get_absolute_url()).text
    assert "Jeroen B." in page and "Jeroen Bakker" not in page


def test_moderator_action_notifies_the_member(committed, topic, member, moderator):
    post = topic.posts.get(number=1)
    action = ModerationAction.objects.create(
        moderator=moderator, kind="hide", member=member, topic=topic, post=post, reason="Reclame"
    )
    with committed():
        publish_event(
            "moderation.action",
            bespreekpunt_id=topic.bespreekpunt_id,
            topic_id=topic.pk,
            post_id=post.pk,
            actor_id=moderator.pk,
            action_id=action.pk,
        )
    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (member, "moderation")
    assert notification.data == {"action": "hide", "reason": "Reclame"}


def test_new_notification_is_pushed_with_count_and_text(
    committed, frames, topic, member, other_member
):
    with committed():
        actions.check_create_post(other_member, topic, body="Hallo", reply_to=1)
    assert frames == [
        (
            member.pk,
            {
                "type": "notification.new",
                "count": 1,
                "text": "Jeroen Bakker heeft op je gereageerd in “Leeruitkomsten in de pabo”",
            },
        )
    ]
    with committed():
        mark_notifications_read(member)
    assert frames[-1] == (member.pk, {"type": "notification.count", "count": 0})


def test_badge_count_is_cached_and_follows_changes(
    committed, topic, member, other_member, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert unread_notification_count(member) == 0
    with django_assert_num_queries(0):
        assert unread_notification_count(member) == 0
    with committed():
        actions.check_create_post(other_member, topic, body="Hallo", reply_to=1)
    with django_assert_num_queries(0):
        assert unread_notification_count(member) == 1


def test_list_page_badge_open_and_mark_all_read(committed, client, topic, member, other_member):
    with committed():
        actions.check_create_post(other_member, topic, body="Een", reply_to=1)
        actions.check_create_post(other_member, topic, body="Twee @marieke")
    client.force_login(member)
    html = client.get("/nl/meldingen/").content.decode()
    assert "<h1>Meldingen</h1>" in html
    assert html.count("notification--unread") == 2
    assert "Jeroen Bakker heeft je genoemd in “Leeruitkomsten in de pabo”" in html
    assert 'data-live-notifications data-live-url="/ws/nl/community/me/">2</span>' in html
    newest = Notification.objects.get(kind="mention")
    response = client.get(f"/nl/meldingen/{newest.pk}/")
    assert response.status_code == 302
    assert response["Location"] == newest.post.get_absolute_url()
    newest.refresh_from_db()
    assert newest.read_at is not None
    response = client.post("/nl/meldingen/alles-gelezen/", follow=True)
    html = response.content.decode()
    assert "Alle meldingen zijn als gelezen gemarkeerd." in html
    assert "notification--unread" not in html and unread_notification_count(member) == 0


def test_english_list_and_someone_elses_notification(
    committed, client, topic, member, other_member
):
    with committed():
        actions.check_create_post(other_member, topic, body="Hi", reply_to=1)
    client.force_login(other_member)
    assert "<h1>Notifications</h1>" in client.get("/en/notifications/").content.decode()
    theirs = Notification.objects.get(user=member)
    assert client.get(f"/en/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_list_needs_login(client, home_page):
    response = client.get("/nl/meldingen/")
    assert response.status_code == 302 and "/login/" in response["Location"]
