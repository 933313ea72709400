"""Who may do what in the community app. Views, the API and actions call these.

Reading is public: anonymous visitors read every live bespreekpunt, topic and visible post.
Writing needs membership (any of the Members, Moderators or Editors groups). Authors edit and
delete their own posts; moderators (the "Moderators" group) may edit, hide and mark any post.
"""

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from community.models import Post, Profile, Topic

MODERATORS_GROUP = "Moderators"
MEMBER_GROUPS = ("Members", "Moderators", "Editors")

AnyUser = AbstractUser | AnonymousUser


def groups_cache_key(user_id: int) -> str:
    return f"community:groups:{user_id}"


def _group_names(user: AnyUser) -> set[str]:
    # Kept on the user object for the request and in the cache across requests (cleared when
    # the user's groups change, see community.cache), so pages ask the database at most once.
    names = getattr(user, "_community_groups", None)
    if names is None:
        if not user.is_authenticated:
            names = set()
        else:
            names = cache.get(groups_cache_key(user.pk))
            if names is None:
                names = set(user.groups.values_list("name", flat=True))
                cache.set(groups_cache_key(user.pk), names, 60 * 60)
        user._community_groups = names  # type: ignore[union-attr]
    return names


def is_member(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or bool(_group_names(user) & set(MEMBER_GROUPS)))
    )


def is_moderator(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or MODERATORS_GROUP in _group_names(user))
    )


def check_edit_profile_permission(user: AnyUser, profile: Profile) -> None:
    if not user.is_authenticated or profile.user_id != user.pk:
        raise PermissionDenied(_("You can only edit your own profile."))


def check_create_topic_permission(user: AnyUser, bespreekpunt) -> None:
    if not is_member(user):
        raise PermissionDenied(_("Only members can start a topic. Log in or sign up first."))
    if not bespreekpunt.live:
        raise PermissionDenied(_("This bespreekpunt is not published."))


def check_create_post_permission(user: AnyUser, topic: Topic) -> None:
    if not is_member(user):
        raise PermissionDenied(_("Only members can reply. Log in or sign up first."))
    if topic.is_closed and not is_moderator(user):
        raise PermissionDenied(_("This topic is closed; no new replies can be added."))


def can_edit_post(user: AnyUser, post: Post) -> bool:
    if not is_member(user) or post.is_deleted:
        return False
    return post.author_id == user.pk or is_moderator(user)


def check_edit_post_permission(user: AnyUser, post: Post) -> None:
    if post.is_deleted:
        raise PermissionDenied(_("This post has been deleted and can no longer be edited."))
    if not can_edit_post(user, post):
        raise PermissionDenied(_("Only the author or a moderator can edit this post."))


def check_delete_post_permission(user: AnyUser, post: Post) -> None:
    if post.is_deleted:
        raise PermissionDenied(_("This post has already been deleted."))
    if not is_member(user) or post.author_id != user.pk:
        raise PermissionDenied(_("You can only delete your own posts."))


def check_hide_post_permission(user: AnyUser, post: Post) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can hide posts."))


def check_flag_post_permission(user: AnyUser, post: Post) -> None:
    if not is_member(user):
        raise PermissionDenied(_("Only members can flag posts. Log in or sign up first."))
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))
    if post.is_deleted:
        raise PermissionDenied(_("This post has been deleted; there is nothing left to flag."))
    if not post.is_visible:
        raise PermissionDenied(_("A moderator is already looking at this post."))


def check_moderate_post_permission(user: AnyUser, post: Post) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can review posts."))


def check_moderate_topic_permission(user: AnyUser, topic: Topic) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can pin, close, move or split topics."))


def can_mark_key_insight(user: AnyUser, post: Post) -> bool:
    return is_member(user) and (post.topic.author_id == user.pk or is_moderator(user))


def check_mark_key_insight_permission(user: AnyUser, post: Post) -> None:
    if not can_mark_key_insight(user, post):
        raise PermissionDenied(_("Only the topic's author or a moderator can mark key insights."))


def check_react_permission(user: AnyUser, post: Post) -> None:
    if not is_member(user):
        raise PermissionDenied(_("Only members can react. Log in or sign up first."))
    if not post.is_visible:
        raise PermissionDenied(_("You cannot react to a deleted post."))


def check_bookmark_permission(user: AnyUser, post: Post) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to bookmark posts."))


def check_view_history_permission(user: AnyUser, post: Post) -> None:
    # Whoever can read the post can read its history; hidden posts only by moderators.
    if post.is_hidden and not is_moderator(user) and post.author_id != user.pk:
        raise PermissionDenied(_("This post has been hidden by a moderator."))
    if post.is_pending and not is_moderator(user) and post.author_id != user.pk:
        raise PermissionDenied(_("This post is awaiting approval by a moderator."))


def check_set_trust_level_permission(user: AnyUser, member) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can set a member's trust level."))


def _pending_visible(user: AnyUser | None, author_field: str) -> Q:
    """Content awaiting approval is seen by its author and by moderators only."""
    if user is not None and is_moderator(user):
        return Q()
    if user is not None and user.is_authenticated:
        return Q(is_pending=False) | Q(**{author_field: user.pk})
    return Q(is_pending=False)


def filter_visible_topics(user: AnyUser | None, qs: QuerySet[Topic]) -> QuerySet[Topic]:
    return qs.filter(_pending_visible(user, "author"), bespreekpunt__live=True)


def can_see_topic(user: AnyUser | None, topic: Topic) -> bool:
    """`filter_visible_topics`' rule for one topic row already loaded (its bespreekpunt live)."""
    if not topic.is_pending or (user is not None and is_moderator(user)):
        return True
    return user is not None and user.is_authenticated and topic.author_id == user.pk


def filter_visible_posts(user: AnyUser | None, qs: QuerySet[Post]) -> QuerySet[Post]:
    """Every post keeps its place in the thread; deleted or hidden ones show a placeholder.
    Posts awaiting approval (and topics awaiting it) are left out for everyone but their
    author and moderators: the thread then shows a gap in the numbers."""
    topic_visible = Q(topic__is_pending=False)
    if user is not None and is_moderator(user):
        topic_visible = Q()
    elif user is not None and user.is_authenticated:
        topic_visible |= Q(topic__author=user.pk)
    return qs.filter(
        _pending_visible(user, "author"), topic_visible, topic__bespreekpunt__live=True
    )


# Polls and consent rounds (community.decisions) ----------------------------------------------


def check_add_decision_permission(user: AnyUser, post: Post) -> None:
    """A poll or consent round goes on one's own post (moderators: any post), once per post."""
    if not is_member(user):
        raise PermissionDenied(_("Only members can add a poll. Log in or sign up first."))
    if post.author_id != user.pk and not is_moderator(user):
        raise PermissionDenied(_("You can add a poll only to your own post."))
    if not post.is_visible:
        raise PermissionDenied(_("A deleted or hidden post cannot hold a poll."))
    if post.topic.is_closed:
        raise PermissionDenied(_("This topic is closed; no new polls can be added."))


def check_vote_permission(user: AnyUser, decision) -> None:
    """Voting in a poll or responding in a consent round (`decision` is either)."""
    if not is_member(user):
        raise PermissionDenied(_("Only members can vote. Log in or sign up first."))
    if decision.is_closed:
        raise PermissionDenied(_("Voting has closed; your vote can no longer be changed."))
    if decision.post.topic.is_closed:
        raise PermissionDenied(_("This topic is closed; voting is no longer possible."))
    if not decision.post.is_visible:
        raise PermissionDenied(_("The post with this vote has been removed."))


def can_close_poll(user: AnyUser, poll) -> bool:
    return is_member(user) and (poll.post.author_id == user.pk or is_moderator(user))


def check_close_poll_permission(user: AnyUser, poll) -> None:
    if not can_close_poll(user, poll):
        raise PermissionDenied(_("Only the poll's author or a moderator can close it."))
    if poll.is_closed:
        raise PermissionDenied(_("This poll has already closed."))


def can_close_consent_round(user: AnyUser, consent_round) -> bool:
    return is_member(user) and (consent_round.topic.author_id == user.pk or is_moderator(user))


def check_close_consent_round_permission(user: AnyUser, consent_round) -> None:
    if not can_close_consent_round(user, consent_round):
        raise PermissionDenied(
            _("Only the topic's author or a moderator can close the consent round.")
        )
    if consent_round.is_closed:
        raise PermissionDenied(_("This consent round has already been closed."))


def can_see_poll_results(user: AnyUser | None, poll) -> bool:
    # Hidden results stay hidden for everyone, moderators too, so nobody votes with hindsight.
    return poll.results_public or poll.is_closed
