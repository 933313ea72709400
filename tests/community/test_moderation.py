"""Moderators review flagged and pending posts, warn members, and every action is logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community import actions, moderation
from community.models import Flag, ModerationAction, Post, Topic


@pytest.fixture
def reply(topic, other_member):
    return actions.check_create_post(other_member, topic, body="Kijk op mijn site, @marieke.")


def _flag(post, *members):
    for member in members:
        moderation.check_flag_post(member, post, reason="spam")


def test_approve_unhides_a_flagged_post_and_dismisses_its_flags(reply, member, moderator):
    _flag(reply, member)
    moderation.check_flag_post(moderator, reply, reason="spam")  # hides it at once
    post = moderation.check_review_post(moderator, reply, decision="approve", reason="Geen spam")
    assert post.is_visible
    assert set(Flag.objects.values_list("resolution", flat=True)) == {"approved"}
    assert not Flag.objects.filter(resolved_at=None).exists()
    action = ModerationAction.objects.latest("pk")
    assert (action.kind, action.moderator, action.member, action.post, action.reason) == (
        "unhide",
        moderator,
        reply.author,
        post,
        "Geen spam",
    )
    assert action.topic == reply.topic and action.data == {"flags": 2}


def test_approve_of_a_pending_post_publishes_it_with_its_mentions(
    topic, moderator, other_member, events, django_capture_on_commit_callbacks
):
    post = actions.check_create_post(other_member, topic, body="Wat vind jij, @marieke?")
    Post.objects.filter(pk=post.pk).update(is_pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.check_review_post(moderator, post, decision="approve")
    assert Post.objects.get(pk=post.pk).is_visible
    approved = next(event for event in events if event.name == "post.approved")
    assert approved.data == {"number": 2, "mentions": ["marieke"]}
    notice = next(event for event in events if event.name == "moderation.action")
    assert notice.actor_id == moderator.pk and notice.post_id == post.pk
    action = ModerationAction.objects.get(pk=notice.data["action_id"])
    assert action.kind == "approve" and action.member == other_member


def test_approving_a_pending_opening_post_approves_the_topic(make_topic, moderator):
    topic = make_topic(title="Eerste onderwerp")
    Topic.objects.filter(pk=topic.pk).update(is_pending=True)
    Post.objects.filter(topic=topic).update(is_pending=True)
    moderation.check_review_post(moderator, topic.posts.get(), decision="approve")
    assert not Topic.objects.get(pk=topic.pk).is_pending


@pytest.mark.parametrize(
    ("decision", "resolution", "check"),
    [
        ("hide", "hidden", lambda post: post.is_hidden and not post.is_deleted),
        ("delete", "deleted", lambda post: post.is_deleted),
    ],
)
def test_hide_and_delete_resolve_flags_and_write_the_log(
    reply,
    member,
    moderator,
    events,
    django_capture_on_commit_callbacks,
    decision,
    resolution,
    check,
):
    _flag(reply, member)
    with django_capture_on_commit_callbacks(execute=True):
        post = moderation.check_review_post(moderator, reply, decision=decision, reason="Reclame")
    assert check(post)
    assert Flag.objects.get().resolution == resolution
    action = ModerationAction.objects.get()
    assert (action.kind, action.reason, action.member) == (decision, "Reclame", reply.author)
    names = {event.name for event in events}
    assert {f"post.{'hidden' if decision == 'hide' else 'deleted'}", "moderation.action"} <= names


def test_a_moderator_action_on_a_deleted_post_changes_nothing(reply, moderator, other_member):
    actions.check_delete_post(other_member, reply)
    for decision in ("approve", "hide", "delete"):
        with pytest.raises(ValidationError, match="al verwijderd"):
            moderation.check_review_post(moderator, reply, decision=decision)
    assert not ModerationAction.objects.exists()
    assert not Post.objects.get(pk=reply.pk).is_hidden


def test_unknown_decision_is_refused(reply, moderator):
    with pytest.raises(ValidationError):
        moderation.check_review_post(moderator, reply, decision="ban")
    assert not ModerationAction.objects.exists()


def test_warning_a_member_is_logged_and_settles_flags(reply, member, moderator, other_member):
    _flag(reply, member)
    with pytest.raises(ValidationError):
        moderation.check_warn_member(moderator, other_member, reason="  ", post=reply)
    action = moderation.check_warn_member(
        moderator, other_member, reason="Geen reclame, graag.", post=reply
    )
    assert (action.kind, action.member, action.post) == ("warn", other_member, reply)
    assert Flag.objects.get().resolution == "approved"
    assert moderation.check_warn_member(moderator, other_member, reason="Let op").post is None


def test_the_footer_hide_button_is_logged_too(reply, moderator):
    actions.check_hide_post(moderator, reply)
    actions.check_hide_post(moderator, reply, hidden=False)
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True)) == [
        "hide",
        "unhide",
    ]


@pytest.mark.parametrize(
    "act",
    [
        lambda user, post: moderation.check_review_post(user, post, decision="hide"),
        lambda user, post: moderation.check_review_post(user, post, decision="approve"),
        lambda user, post: moderation.check_review_post(user, post, decision="delete"),
        lambda user, post: moderation.check_warn_member(user, post.author, reason="x", post=post),
        lambda user, post: moderation.check_warn_member(user, post.author, reason="x"),
    ],
)
def test_members_and_editors_cannot_moderate(reply, member, editor, act):
    for user in (member, editor):
        with pytest.raises(PermissionDenied):
            act(user, reply)
    assert not ModerationAction.objects.exists()
    assert Post.objects.get(pk=reply.pk).is_visible


# Pages ---------------------------------------------------------------------------------------


def _flag_url(post):
    return f"{post.get_absolute_url()}rapporteren/"


def test_flag_link_only_for_members_who_may_flag(client, reply, member, other_member):
    assert _flag_url(reply) not in client.get(reply.topic.get_absolute_url()).content.decode()
    client.force_login(member)
    html = client.get(f"{reply.topic.get_absolute_url()}?page=1").content.decode()
    assert html.count("/rapporteren/") == 1 and _flag_url(reply) in html  # not on her own post
    client.force_login(other_member)
    html = client.get(f"{reply.topic.get_absolute_url()}?page=1").content.decode()
    assert html.count("/rapporteren/") == 1  # only on Marieke's opening post


def test_flag_form_flow(client, reply, member):
    client.force_login(member)
    form = client.get(_flag_url(reply))
    assert form.status_code == 200 and "Iets anders" in form.content.decode()
    bad = client.post(_flag_url(reply), {"reason": "other", "note": ""})
    assert bad.status_code == 400 and "Vertel de moderatoren" in bad.content.decode()
    assert not Flag.objects.exists()
    done = client.post(_flag_url(reply), {"reason": "spam"}, follow=True)
    assert "Een moderator gaat naar dit bericht kijken" in done.content.decode()
    assert Flag.objects.get().user == member
    again = client.post(_flag_url(reply), {"reason": "spam"}, follow=True)
    assert "Je hebt dit bericht al gerapporteerd" in again.content.decode()
    assert Flag.objects.count() == 1


def test_flagging_ones_own_post_through_the_page_is_refused(client, reply, other_member):
    client.force_login(other_member)
    response = client.post(_flag_url(reply), {"reason": "spam"}, follow=True)
    assert "eigen bericht" in response.content.decode()
    assert not Flag.objects.exists()


def test_review_queue_lists_oldest_first_and_acts(client, topic, reply, member, moderator):
    _flag(reply, member)
    pending = actions.check_create_post(member, topic, body="Nog te keuren")
    Post.objects.filter(pk=pending.pk).update(is_pending=True)
    client.force_login(moderator)
    html = client.get(reverse("community_moderation_queue")).content.decode()
    assert html.index("Kijk op mijn site") < html.index("Nog te keuren")
    assert "Spam" in html and "Marieke de Vries" in html
    assert "jullie leeruitkomsten" not in html  # neither flagged nor pending
    response = client.post(
        reverse("community_moderation_decide", args=[reply.pk]),
        {"decision": "hide", "reason": "Reclame"},
        follow=True,
    )
    assert "Het bericht is verborgen" in response.content.decode()
    assert Post.objects.get(pk=reply.pk).is_hidden
    html = client.get(reverse("community_moderation_queue")).content.decode()
    assert "Kijk op mijn site" not in html
    log = client.get(reverse("community_moderation_log")).content.decode()
    assert "Reclame" in log and "Mo de Rator" in log and "Jeroen Bakker" in log


def test_warn_from_the_queue_needs_a_reason(client, reply, member, moderator):
    _flag(reply, member)
    client.force_login(moderator)
    url = reverse("community_moderation_decide", args=[reply.pk])
    response = client.post(url, {"decision": "warn", "reason": ""}, follow=True)
    assert "Schrijf de waarschuwing" in response.content.decode()
    assert not ModerationAction.objects.exists()
    client.post(url, {"decision": "warn", "reason": "Geen reclame"})
    assert ModerationAction.objects.get().kind == "warn"


@pytest.mark.parametrize("name", ["community_moderation_queue", "community_moderation_log"])
def test_admin_screens_are_for_moderators_only(client, editor, member, name):
    for user in (member, editor):
        client.force_login(user)
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)


def test_admin_menu_shows_moderation_to_moderators_only(client, moderator, editor):
    client.force_login(moderator)
    assert "community-review-queue" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert "community-review-queue" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_moderation_section_on_the_topic_page(client, topic, member, moderator):
    client.force_login(member)
    assert 'id="moderation-title"' not in client.get(topic.get_absolute_url()).content.decode()
    client.force_login(moderator)
    page_url = topic.get_absolute_url()
    assert 'id="moderation-title"' in client.get(page_url).content.decode()
    tools = reverse("community:moderate_topic", kwargs={"topic_id": topic.pk})
    response = client.post(tools, {"tool": "close", "next": page_url}, follow=True)
    assert response.redirect_chain[-1][0].startswith(page_url)
    assert Topic.objects.get().is_closed
    response = client.post(tools, {"tool": "close", "next": page_url}, follow=True)
    assert "al gesloten" in response.content.decode()
    client.force_login(member)
    client.post(tools, {"tool": "reopen", "next": page_url})
    assert Topic.objects.get().is_closed


def test_split_through_the_page_goes_to_the_new_topic(client, topic, moderator, other_member):
    actions.check_create_post(other_member, topic, body="Een zijpad")
    client.force_login(moderator)
    tools = reverse("community:moderate_topic", kwargs={"topic_id": topic.pk})
    response = client.post(tools, {"tool": "split", "numbers": "2", "title": "Het zijpad"})
    new = Topic.objects.get(title="Het zijpad")
    assert response.url == new.get_absolute_url()
    bad = client.post(tools, {"tool": "split", "numbers": "twee", "title": "X"}, follow=True)
    assert "geen berichtnummer" in bad.content.decode()
