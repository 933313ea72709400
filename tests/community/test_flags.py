"""Members flag posts; enough flags from trusted members hide a post until a moderator looks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community import actions, moderation
from community.models import Flag, ModerationAction, Post
from tests.factories import make_member


@pytest.fixture
def reply(topic, other_member):
    return actions.check_create_post(other_member, topic, body="Dit is reclame voor mijn cursus.")


def test_member_flags_a_post_once(reply, member):
    flag = moderation.check_flag_post(member, reply, reason="spam")
    assert flag.reason == "spam" and flag.resolved_at is None
    with pytest.raises(PermissionDenied, match="al gerapporteerd"):
        moderation.check_flag_post(member, reply, reason="off_topic")
    assert Flag.objects.count() == 1


def test_own_deleted_and_anonymous_flags_are_refused(reply, other_member, member):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="eigen bericht"):
        moderation.check_flag_post(other_member, reply, reason="spam")
    with pytest.raises(PermissionDenied):
        moderation.check_flag_post(AnonymousUser(), reply, reason="spam")
    actions.check_delete_post(other_member, reply)
    with pytest.raises(PermissionDenied, match="verwijderd"):
        moderation.check_flag_post(member, reply, reason="spam")
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("nonsense", "", "reason"), ("other", "  ", "note"), ("other", "x" * 1001, "note")],
)
def test_bad_reason_or_note_changes_nothing(reply, member, reason, note, field):
    with pytest.raises(ValidationError) as error:
        moderation.check_flag_post(member, reply, reason=reason, note=note)
    assert field in error.value.message_dict
    assert not Flag.objects.exists()


def test_something_else_needs_a_note(reply, member):
    flag = moderation.check_flag_post(member, reply, reason="other", note="Persoonlijke aanval")
    assert flag.note == "Persoonlijke aanval"


def test_trusted_flags_reaching_the_threshold_hide_the_post(
    reply, member, settings, events, django_capture_on_commit_callbacks
):
    settings.COMMUNITY_FLAGS_TO_HIDE = 2
    moderation.check_flag_post(member, reply, reason="spam")
    assert not Post.objects.get(pk=reply.pk).is_hidden
    third = make_member("derde")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.check_flag_post(third, reply, reason="spam")
    reply.refresh_from_db()
    assert reply.is_hidden
    action = ModerationAction.objects.get()
    assert action.kind == "auto_hide" and action.moderator is None
    assert action.member == reply.author and action.post == reply
    names = [event.name for event in events]
    assert "post.hidden" in names
    notice = next(event for event in events if event.name == "moderation.action")
    assert notice.data == {"action_id": action.pk} and notice.post_id == reply.pk


def test_flags_of_new_members_do_not_count(reply, settings):
    settings.COMMUNITY_FLAGS_TO_HIDE = 2
    for name in ("nieuw1", "nieuw2", "nieuw3"):
        moderation.check_flag_post(make_member(name, trust_level=0), reply, reason="spam")
    assert not Post.objects.get(pk=reply.pk).is_hidden
    assert not ModerationAction.objects.exists()


def test_a_moderators_flag_alone_hides(reply, moderator):
    moderation.check_flag_post(moderator, reply, reason="inappropriate")
    assert Post.objects.get(pk=reply.pk).is_hidden
    assert ModerationAction.objects.get().kind == "auto_hide"


def test_a_hidden_post_cannot_be_flagged_again(reply, moderator, member):
    moderation.check_flag_post(moderator, reply, reason="spam")
    with pytest.raises(PermissionDenied):
        moderation.check_flag_post(member, Post.objects.get(pk=reply.pk), reason="spam")
