"""Moderation: members flag posts, moderators review them, warn members and tidy topics.

Same shape as community.actions: actor first, `check_*` checks the permission and the input,
then writes in one transaction with the post or topic row locked. Every moderator (or automatic)
action leaves a ModerationAction row, the audit log, and publishes events after commit: the
post events keep caches and live pages current, "moderation.action" lets the notifications
listener tell the member concerned.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import ratelimit
from community.actions import _unique_slug, renumber, validate_title
from community.events import publish_event
from community.markdown import mentioned_names
from community.models import (
    BespreekpuntPage,
    Flag,
    ModerationAction,
    Post,
    ReadState,
    Topic,
    TopicRedirect,
)
from community.permissions import (
    check_flag_post_permission,
    check_moderate_post_permission,
    check_moderate_topic_permission,
    is_moderator,
)

Kind = ModerationAction.Kind
DECISIONS = ("approve", "hide", "delete")
# Actions the member concerned hears about ("moderator actions on my posts").
NOTIFY_MEMBER = {
    Kind.APPROVE,
    Kind.UNHIDE,
    Kind.HIDE,
    Kind.AUTO_HIDE,
    Kind.DELETE,
    Kind.WARN,
    Kind.MOVE,
    Kind.SPLIT,
}


def flags_to_hide() -> int:
    return getattr(settings, "COMMUNITY_FLAGS_TO_HIDE", 3)


def _record(
    kind: str,
    moderator,
    *,
    member=None,
    topic: Topic | None = None,
    post: Post | None = None,
    reason: str = "",
    **data,
) -> ModerationAction:
    """Writes the audit row and, for actions on a member's post or the member, tells them."""
    action = ModerationAction.objects.create(
        kind=kind,
        moderator=moderator,
        member=member,
        topic=topic,
        post=post,
        reason=reason,
        data=data,
    )
    if kind in NOTIFY_MEMBER and member is not None and member != moderator:
        publish_event(
            "moderation.action",
            # A warning without a post belongs to no bespreekpunt: None refreshes the site cache.
            bespreekpunt_id=topic.bespreekpunt_id if topic else None,  # type: ignore[arg-type]
            topic_id=topic.pk if topic else None,
            post_id=post.pk if post else None,
            actor_id=moderator.pk if moderator else None,
            action_id=action.pk,
        )
    return action


def _post_event(name: str, post: Post, actor, **data) -> None:
    publish_event(
        name,
        bespreekpunt_id=post.topic.bespreekpunt_id,
        topic_id=post.topic_id,
        post_id=post.pk,
        actor_id=actor.pk if actor else None,
        number=post.number,
        **data,
    )


def _lock_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("topic", "author").get(pk=post.pk)


def _resolve_flags(post: Post, resolution: str) -> int:
    return Flag.objects.filter(post=post, resolved_at=None).update(
        resolved_at=timezone.now(), resolution=resolution
    )


# Flags ---------------------------------------------------------------------------------------


def check_can_flag(actor, post: Post) -> None:
    """Whether `actor` may flag `post` now; the flag form asks before showing itself."""
    check_flag_post_permission(actor, post)
    if Flag.objects.filter(post=post, user=actor).exists():
        raise PermissionDenied(_("You already flagged this post."))


def check_flag_post(actor, post: Post, *, reason: str, note: str = "") -> Flag:
    check_can_flag(actor, post)
    note = note.strip()
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose why you flag this post.")})
    if reason == Flag.Reason.OTHER and not note:
        raise ValidationError({"note": _("Tell the moderators what is wrong with this post.")})
    if len(note) > 1000:
        raise ValidationError({"note": _("Keep the note under 1000 characters.")})
    ratelimit.hit("flag", actor)
    with transaction.atomic():
        # The lock serialises flags per post: one flag per member, one auto-hide per post.
        locked = _lock_post(post)
        check_can_flag(actor, locked)
        flag = Flag.objects.create(post=locked, user=actor, reason=reason, note=note)
        trusted = Flag.objects.filter(
            post=locked, resolved_at=None, user__profile__trust_level__gte=1
        ).count()
        if is_moderator(actor) or trusted >= flags_to_hide():
            Post.objects.filter(pk=locked.pk).update(is_hidden=True)
            _record(
                Kind.AUTO_HIDE,
                None,
                member=locked.author,
                topic=locked.topic,
                post=locked,
                flags=trusted,
            )
            _post_event("post.hidden", locked, None)
    post.refresh_from_db()
    return flag


# Reviewing posts -----------------------------------------------------------------------------


def check_review_post(actor, post: Post, *, decision: str, reason: str = "") -> Post:
    """A moderator's verdict on a flagged, hidden or pending post; resolves its open flags."""
    check_moderate_post_permission(actor, post)
    if decision not in DECISIONS:
        raise ValidationError(_("Choose approve, hide or delete."))
    reason = reason.strip()
    with transaction.atomic():
        # Topic before post, as replies lock them: approving renumbers the topic's posts.
        Topic.objects.select_for_update().filter(pk=post.topic_id).first()
        locked = _lock_post(post)
        if locked.is_deleted:
            raise ValidationError(_("This post has already been deleted; nothing was changed."))
        {"approve": _approve, "hide": _hide, "delete": _delete}[decision](actor, locked, reason)
    post.refresh_from_db()
    return post


def _approve(actor, post: Post, reason: str) -> None:
    flags = _resolve_flags(post, Flag.Resolution.APPROVED)
    if post.is_pending:
        Post.objects.filter(pk=post.pk).update(is_pending=False, is_hidden=False)
        topic = Topic.objects.get(pk=post.topic_id)  # locked by check_review_post
        if post.number == 1:
            Topic.objects.filter(pk=topic.pk).update(is_pending=False)
            topic.is_pending = False
        # It takes the next public number; replies still waiting move up behind it.
        post.number = renumber(topic).get(post.pk, post.number)
        kind = Kind.APPROVE
        # Announced like a new post now that readers may see it (mentions notify then).
        _post_event("post.approved", post, actor, mentions=sorted(mentioned_names(post.body)))
    elif post.is_hidden:
        Post.objects.filter(pk=post.pk).update(is_hidden=False)
        kind = Kind.UNHIDE
        _post_event("post.unhidden", post, actor)
    else:
        kind = Kind.DISMISS
    _record(
        kind, actor, member=post.author, topic=post.topic, post=post, reason=reason, flags=flags
    )


def _hide(actor, post: Post, reason: str) -> None:
    _take_down(actor, post, reason, Kind.HIDE, Flag.Resolution.HIDDEN, is_hidden=True)


def _delete(actor, post: Post, reason: str) -> None:
    _take_down(
        actor,
        post,
        reason,
        Kind.DELETE,
        Flag.Resolution.DELETED,
        deleted_at=timezone.now(),
        is_key_insight=False,
    )


def _take_down(actor, post: Post, reason: str, kind: str, resolution: str, **changes) -> None:
    """Hides or deletes the post: settles its flags, logs the action, tells readers."""
    flags = _resolve_flags(post, resolution)
    Post.objects.filter(pk=post.pk).update(**changes)
    _record(
        kind, actor, member=post.author, topic=post.topic, post=post, reason=reason, flags=flags
    )
    _post_event("post.deleted" if "deleted_at" in changes else "post.hidden", post, actor)


def check_warn_member(actor, member, *, reason: str, post: Post | None = None) -> ModerationAction:
    """A written warning to a member, optionally about one post (whose open flags it settles)."""
    if post is not None:
        check_moderate_post_permission(actor, post)
    elif not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can warn members."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write the warning the member will read.")})
    if member == actor:
        raise ValidationError(_("You cannot warn yourself."))
    with transaction.atomic():
        topic = None
        if post is not None:
            post = _lock_post(post)
            topic = post.topic
            _resolve_flags(
                post, Flag.Resolution.HIDDEN if post.is_hidden else Flag.Resolution.APPROVED
            )
        return _record(Kind.WARN, actor, member=member, topic=topic, post=post, reason=reason)


# Topic tools ---------------------------------------------------------------------------------


def _lock_topic(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().select_related("author").get(pk=topic.pk)


def _topic_event(name: str, topic: Topic, actor, **data) -> None:
    publish_event(
        name, bespreekpunt_id=topic.bespreekpunt_id, topic_id=topic.pk, actor_id=actor.pk, **data
    )


def check_pin_topic(actor, topic: Topic, *, pinned: bool, globally: bool = False) -> Topic:
    """Pins in its bespreekpunt or, with `globally`, on the home page too."""
    check_moderate_topic_permission(actor, topic)
    field = "is_pinned_globally" if globally else "is_pinned"
    with transaction.atomic():
        locked = _lock_topic(topic)
        if getattr(locked, field) == pinned:
            raise ValidationError(
                _("This topic is already pinned.") if pinned else _("This topic is not pinned.")
            )
        Topic.objects.filter(pk=locked.pk).update(**{field: pinned})
        _record(Kind.PIN if pinned else Kind.UNPIN, actor, topic=locked, globally=globally)
        _topic_event("topic.pinned", locked, actor, pinned=pinned, globally=globally)
    topic.refresh_from_db()
    return topic


def check_close_topic(actor, topic: Topic, *, closed: bool) -> Topic:
    check_moderate_topic_permission(actor, topic)
    with transaction.atomic():
        locked = _lock_topic(topic)
        if locked.is_closed == closed:
            raise ValidationError(
                _("This topic is already closed.") if closed else _("This topic is already open.")
            )
        Topic.objects.filter(pk=locked.pk).update(is_closed=closed)
        _record(Kind.CLOSE if closed else Kind.REOPEN, actor, topic=locked)
        _topic_event("topic.closed", locked, actor, closed=closed)
    topic.refresh_from_db()
    return topic


def move_targets(topic: Topic) -> list[BespreekpuntPage]:
    """Live bespreekpunten in the default language (topics hang there) other than the topic's."""
    return list(
        BespreekpuntPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .exclude(pk=topic.bespreekpunt_id)
        .order_by("number", "title")
    )


def check_move_topic(actor, topic: Topic, target: BespreekpuntPage) -> Topic:
    check_moderate_topic_permission(actor, topic)
    if target.pk not in {page.pk for page in move_targets(topic)}:
        raise ValidationError(_("Choose another published bespreekpunt to move the topic to."))
    with transaction.atomic():
        locked = _lock_topic(topic)
        source_id = locked.bespreekpunt_id
        slug = locked.slug
        if (
            Topic.objects.filter(bespreekpunt=target, slug=slug).exists()
            or TopicRedirect.objects.filter(bespreekpunt=target, slug=slug).exists()
        ):
            slug = _unique_slug(target, locked.title)
        Topic.objects.filter(pk=locked.pk).update(bespreekpunt=target, slug=slug)
        locked.bespreekpunt, locked.slug = target, slug
        _record(
            Kind.MOVE, actor, member=locked.author, topic=locked, source=source_id, target=target.pk
        )
        # Both lists change: announce it in each bespreekpunt.
        publish_event(
            "topic.moved", bespreekpunt_id=source_id, topic_id=locked.pk, actor_id=actor.pk
        )
        _topic_event("topic.moved", locked, actor, source=source_id)
    topic.refresh_from_db()
    return topic


def parse_numbers(value: str) -> list[int]:
    """ "4, 5 7-9" → [4, 5, 7, 8, 9]; anything else is refused with a message."""
    numbers: set[int] = set()
    for part in re.split(r"[\s,;]+", value.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,6})(?:-(\d{1,6}))?", part)
        if match is None:
            raise ValidationError(
                {"numbers": _("“%(part)s” is not a post number.") % {"part": part[:20]}}
            )
        low, high = int(match[1]), int(match[2] or match[1])
        if high < low or high - low > 10_000:
            raise ValidationError({"numbers": _("“%(part)s” is not a range.") % {"part": part}})
        numbers.update(range(low, high + 1))
    return sorted(numbers)


def check_split_topic(actor, topic: Topic, *, numbers: list[int], title: str) -> Topic:
    """Moves the chosen replies into a new topic in the same bespreekpunt, numbered 1..n.

    The posts left behind are numbered again without gaps, so the old topic takes a new
    slug: its old address and every old post number lead on through a TopicRedirect, and
    no old link can land on a post that took another's number.
    """
    check_moderate_topic_permission(actor, topic)
    errors: dict[str, list[str]] = {}
    try:
        title = validate_title(title)
    except ValidationError as error:
        errors.update(error.message_dict)
    numbers = sorted(set(numbers))
    if not numbers:
        errors["numbers"] = [_("Choose the posts to move to the new topic.")]
    elif 1 in numbers:
        errors["numbers"] = [_("The opening post stays in this topic.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_topic(topic)
        posts = list(
            Post.objects.filter(topic=locked, number__in=numbers)
            .select_related("author")
            .order_by("number")
        )
        missing = sorted(set(numbers) - {post.number for post in posts})
        if missing:
            raise ValidationError(
                {
                    "numbers": _("This topic has no post %(numbers)s.")
                    % {"numbers": ", ".join(f"#{n}" for n in missing[:10])}
                }
            )
        old_numbers = dict(Post.objects.filter(topic=locked).values_list("number", "pk"))
        new = Topic.objects.create(
            bespreekpunt_id=locked.bespreekpunt_id,
            title=title,
            slug=_unique_slug(locked.bespreekpunt, title),
            author=posts[0].author,
            last_posted_at=posts[-1].created_at,
        )
        moved_ids = {post.pk for post in posts}
        Post.objects.filter(pk__in=moved_ids).update(topic=new)
        # A reply keeps its "in reply to" only when both posts are in the same topic now.
        Post.objects.filter(topic=new).exclude(reply_to__in=moved_ids).update(reply_to=None)
        Post.objects.filter(topic=locked, reply_to__in=moved_ids).update(reply_to=None)
        renumber(new)
        renumber(locked)
        _readdress(locked, old_numbers)
        new.refresh_from_db()
        _record(
            Kind.SPLIT,
            actor,
            member=locked.author,
            topic=locked,
            new_topic=new.pk,
            numbers=numbers,
            title=title,
        )
        _topic_event("topic.split", locked, actor, new_topic=new.pk)
        _topic_event("topic.created", new, actor)
    topic.refresh_from_db()
    return new


def _readdress(topic: Topic, old_numbers: dict[int, int]) -> None:
    """Gives a renumbered topic a new slug and keeps its old address, with the post each old
    number named, as a redirect."""
    TopicRedirect.objects.create(
        bespreekpunt_id=topic.bespreekpunt_id,
        slug=topic.slug,
        topic=topic,
        posts={str(number): pk for number, pk in old_numbers.items()},
    )
    topic.slug = _unique_slug(topic.bespreekpunt, topic.title)
    Topic.objects.filter(pk=topic.pk).update(slug=topic.slug)
    # A marker past the new last number would hide replies yet to come.
    topic.refresh_from_db(fields=["post_count"])
    ReadState.objects.filter(topic=topic, last_read_number__gt=topic.post_count).update(
        last_read_number=topic.post_count
    )
