"""Watch levels and in-app notifications.

One listener on `community.events.event_published` turns committed events into Notification
rows, in its own transaction after the writer's has committed, so a failing notification never
undoes a post. Rules (like Discourse): one post notifies a member at most once, with its most
specific kind (mention > reply > quote > watched); the actor, members who muted the topic or its
bespreekpunt and members who cannot read the post are never notified; a post that is not
visible notifies nobody until a moderator approves it ("post.approved").

Unread counts and watch levels are cached per member, so the header badge and the watch forms
cost no query on a page once warm.
"""

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.events import Event, event_published
from community.models import (
    REACTIONS,
    BespreekpuntPage,
    BespreekpuntWatch,
    ModerationAction,
    Notification,
    Post,
    Profile,
    Topic,
    TopicWatch,
    WatchLevel,
)
from community.models.profiles import public_name
from community.permissions import is_member

logger = logging.getLogger(__name__)

# Set while history is being imported (the demo): notifications are made, nobody is emailed.
_emails_paused: ContextVar[bool] = ContextVar("community_emails_paused", default=False)


@contextmanager
def emails_paused() -> Iterator[None]:
    """Makes notifications without emailing them, for content written as if in the past.

    Wrap the whole transaction: notifications are made after its commit."""
    token = _emails_paused.set(True)
    try:
        yield
    finally:
        _emails_paused.reset(token)


Kind = Notification.Kind
# Kinds one post can give a member, most specific first; only the first that applies is kept.
POST_KINDS = [Kind.MENTION, Kind.REPLY, Kind.QUOTE, Kind.WATCHED]
# Bounds how long a badge can lag behind a write that raced a cache fill.
UNREAD_TIMEOUT = 10 * 60
WATCH_TIMEOUT = 60 * 60
# The source line the reply form puts under a quote: "> — [@name, #3](/…/3/)". Only quotes at
# the first level count: a quote inside a quote names someone the replier did not quote.
QUOTE_SOURCE_RE = re.compile(r"^>[ \t]*—[ \t]*\[@([A-Za-z0-9_.+-]{1,150}), #\d+\]\(", re.MULTILINE)
EMOJI = {key: emoji for key, emoji, _label in REACTIONS}
EMOJI_ORDER = {key: index for index, (key, _emoji, _label) in enumerate(REACTIONS)}


# Watch levels ------------------------------------------------------------------------------


def _watch_key(user_id: int) -> str:
    return f"community:watches:{user_id}"


def watch_levels(user) -> dict[str, dict[int, int]]:
    """{"t": {topic id: level}, "b": {bespreekpunt id: level}} of one member, cached."""
    levels = cache.get(_watch_key(user.pk))
    if levels is None:
        levels = {
            "t": dict(TopicWatch.objects.filter(user=user).values_list("topic_id", "level")),
            "b": dict(
                BespreekpuntWatch.objects.filter(user=user).values_list("bespreekpunt_id", "level")
            ),
        }
        cache.set(_watch_key(user.pk), levels, WATCH_TIMEOUT)
    return levels


def effective_watch_level(user, topic: Topic) -> int:
    """The topic's own level if the member chose one, else the bespreekpunt's, else normal."""
    if not user.is_authenticated:
        return WatchLevel.NORMAL
    levels = watch_levels(user)
    default = levels["b"].get(topic.bespreekpunt_id, WatchLevel.NORMAL)
    return levels["t"].get(topic.pk, default)


def bespreekpunt_watch_level(user, bespreekpunt: BespreekpuntPage) -> int:
    if not user.is_authenticated:
        return WatchLevel.NORMAL
    return watch_levels(user)["b"].get(bespreekpunt.pk, WatchLevel.NORMAL)


def check_set_watch_level(
    actor,
    *,
    level: int | str | None,
    topic: Topic | None = None,
    bespreekpunt: BespreekpuntPage | None = None,
) -> int:
    """Sets the actor's level for a topic or a bespreekpunt (exactly one of them)."""
    if not is_member(actor):
        raise PermissionDenied(_("Only members can choose what they are notified about."))
    if (topic is None) == (bespreekpunt is None):
        raise ValidationError(_("Choose a topic or a bespreekpunt to watch."))
    try:
        level = WatchLevel(int(level))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(
            {"level": _("Choose one of the notification levels in the list.")}
        ) from None
    with transaction.atomic():
        if topic is not None:
            TopicWatch.objects.update_or_create(user=actor, topic=topic, defaults={"level": level})
        else:
            root = bespreekpunt.discussion_page()  # type: ignore[union-attr]
            BespreekpuntWatch.objects.update_or_create(
                user=actor, bespreekpunt=root, defaults={"level": level}
            )
        _forget_watches(actor.pk)
    return level


def _track(user_id: int, topic: Topic) -> None:
    """Starting or replying tracks the topic, unless the member already chose a level."""
    _watch, created = TopicWatch.objects.get_or_create(
        user_id=user_id, topic=topic, defaults={"level": WatchLevel.TRACKING}
    )
    if created:
        _forget_watches(user_id)


def _forget_watches(user_id: int) -> None:
    # Now for this request, and again after commit in case a reader refilled it meanwhile.
    cache.delete(_watch_key(user_id))
    transaction.on_commit(lambda: cache.delete(_watch_key(user_id)))


def _levels_for(user_ids: Iterable[int], topic: Topic) -> dict[int, int]:
    """Effective levels of many members for one topic, in two queries."""
    ids = set(user_ids)
    levels = {user_id: int(WatchLevel.NORMAL) for user_id in ids}
    levels.update(
        BespreekpuntWatch.objects.filter(
            bespreekpunt_id=topic.bespreekpunt_id, user_id__in=ids
        ).values_list("user_id", "level")
    )
    levels.update(
        TopicWatch.objects.filter(topic=topic, user_id__in=ids).values_list("user_id", "level")
    )
    return levels


def _watchers(topic: Topic) -> set[int]:
    watching = WatchLevel.WATCHING
    return set(
        TopicWatch.objects.filter(topic=topic, level=watching).values_list("user_id", flat=True)
    ) | set(
        BespreekpuntWatch.objects.filter(
            bespreekpunt_id=topic.bespreekpunt_id, level=watching
        ).values_list("user_id", flat=True)
    )


def _readers(user_ids: set[int], topic: Topic) -> set[int]:
    """Those of `user_ids` who may read the topic: active, not erased, past view restrictions."""
    page = topic.bespreekpunt
    if not user_ids or not page.live:
        return set()
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(profile__erased_at__isnull=False)
    )
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == restriction.GROUPS:
            groups = restriction.groups.all()
            users = users.filter(Q(is_superuser=True) | Q(groups__in=groups))
        elif restriction.restriction_type == restriction.PASSWORD:
            # A shared password proves nothing about a member: send nothing.
            return set()
    return set(users.values_list("pk", flat=True).distinct())


# Unread counts -----------------------------------------------------------------------------


def _unread_key(user_id: int) -> str:
    return f"community:notifications:unread:{user_id}"


def unread_notification_count(user) -> int:
    """At most one query, none while the cached count is valid."""
    if not user.is_authenticated:
        return 0
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = Notification.objects.filter(user=user, read_at=None).count()
        cache.set(_unread_key(user.pk), count, UNREAD_TIMEOUT)
    return count


def mark_notifications_read(user, ids: Iterable[int] | None = None) -> int:
    """Marks the member's unread notifications (all, or those in `ids`) read; how many."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    with transaction.atomic():
        marked = unread.update(read_at=timezone.now())
        if marked:
            cache.delete(_unread_key(user.pk))
            transaction.on_commit(lambda: _push_counts({user.pk}, {}))
    return marked


# Texts -------------------------------------------------------------------------------------


def _names(names: list[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    others = len(names) - 2
    return ngettext("%(names)s and %(count)s other", "%(names)s and %(count)s others", others) % {
        "names": ", ".join(names[:2]),
        "count": others,
    }


def _reaction_kinds(notification: Notification) -> list[str]:
    """The group's reaction kinds in the site's reaction order: PostgreSQL's jsonb keeps no key
    order, so the stored dict's order would change with the database."""
    reactions = notification.data.get("reactions", {})
    return sorted(reactions, key=lambda key: EMOJI_ORDER.get(key, len(EMOJI_ORDER)))


def reactor_ids(notification: Notification) -> list[int]:
    """Who reacted, in order, each once: a reaction group keeps member ids, never names."""
    reactions = notification.data.get("reactions", {})
    kinds = _reaction_kinds(notification)
    return list(dict.fromkeys(i for kind in kinds for i in reactions[kind]))


def reactor_names(notifications: Iterable[Notification]) -> dict[int, str]:
    """{member id: the name shown now} for the reactors of `notifications`, in one query, so
    a renamed member shows their new name and an erased one "deleted member"."""
    ids = {i for notification in notifications for i in reactor_ids(notification)}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("profile")
    return {user.pk: public_name(user) for user in users}


def describe(notification: Notification, names: dict[int, str] | None = None) -> str:
    """One line saying what happened, in the active language. `names`: reactor_names() of a
    whole list, read once for all of it (else looked up for this one)."""
    topic = notification.topic.title if notification.topic is not None else ""
    values = {"actor": public_name(notification.actor), "topic": topic}
    kind = notification.kind
    if kind == Kind.REPLY:
        return _("%(actor)s replied to you in “%(topic)s”") % values
    if kind == Kind.QUOTE:
        return _("%(actor)s quoted you in “%(topic)s”") % values
    if kind == Kind.MENTION:
        return _("%(actor)s mentioned you in “%(topic)s”") % values
    if kind == Kind.WATCHED:
        return _("%(actor)s posted in “%(topic)s”") % values
    if kind == Kind.REACTION:
        if names is None:
            names = reactor_names([notification])
        reactors = [names[i] for i in reactor_ids(notification) if i in names]
        emojis = "".join(EMOJI.get(key, "") for key in _reaction_kinds(notification))
        return _("%(names)s reacted %(emojis)s to your post in “%(topic)s”") % {
            "names": _names(reactors),
            "emojis": emojis,
            "topic": topic,
        }
    action = notification.data.get("action", "")
    if action == ModerationAction.Kind.WARN:
        return _("A moderator sent you a warning")
    label = ModerationAction.Kind(action).label if action in ModerationAction.Kind else action
    if topic:
        return _("A moderator acted on your post in “%(topic)s”: %(action)s") % {
            "topic": topic,
            "action": str(label).lower(),
        }
    return _("A moderator acted: %(action)s") % {"action": str(label).lower()}


# The listener ------------------------------------------------------------------------------


@receiver(event_published, dispatch_uid="community.notifications")
def notify(sender, event: Event, **kwargs) -> None:
    handler = HANDLERS.get(event.name)
    if handler is None:
        return
    try:
        with transaction.atomic():
            created, touched = handler(event)
            transaction.on_commit(lambda: _announce(created, touched))
    except Exception:
        # The write that caused the event has committed; a lost notification must not undo it.
        logger.exception("notifying %s (post %s) failed", event.name, event.post_id)


def _on_post(event: Event) -> tuple[list[Notification], set[int]]:
    if event.post_id is None:
        return [], set()
    post = (
        Post.objects.select_related("topic__bespreekpunt", "reply_to")
        .filter(pk=event.post_id)
        .first()
    )
    if post is None:
        return [], set()
    topic = post.topic
    if event.name == "post.created":
        _track(post.author_id, topic)
    if not post.is_visible:
        return [], set()
    candidates: dict[int, str] = {}
    user_model = get_user_model()
    mentioned = user_model.objects.filter(username__in=event.data.get("mentions") or [])
    for user_id in mentioned.values_list("pk", flat=True):
        candidates.setdefault(user_id, Kind.MENTION)
    if post.reply_to is not None:
        candidates.setdefault(post.reply_to.author_id, Kind.REPLY)
    quoted = set(QUOTE_SOURCE_RE.findall(post.body))
    if quoted:
        for user_id in user_model.objects.filter(username__in=quoted).values_list("pk", flat=True):
            candidates.setdefault(user_id, Kind.QUOTE)
    watching = _watchers(topic) if event.name != "post.edited" else set()
    for user_id in watching:
        candidates.setdefault(user_id, Kind.WATCHED)
    candidates.pop(post.author_id, None)
    if event.actor_id is not None:
        candidates.pop(event.actor_id, None)
    levels = _levels_for(candidates, topic)
    already = set(
        Notification.objects.filter(post=post, kind__in=POST_KINDS).values_list(
            "user_id", flat=True
        )
    )
    wanted = {
        user_id
        for user_id, kind in candidates.items()
        if levels[user_id] != WatchLevel.MUTED
        and (kind != Kind.WATCHED or levels[user_id] == WatchLevel.WATCHING)
        and user_id not in already
    }
    readers = _readers(wanted, topic)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                kind=candidates[user_id],
                actor_id=post.author_id,
                topic=topic,
                post=post,
            )
            for user_id in sorted(readers)
        ]
    )
    return notifications, readers


def _on_reaction(event: Event) -> tuple[list[Notification], set[int]]:
    if event.post_id is None or event.actor_id is None:
        return [], set()
    post = Post.objects.select_related("topic__bespreekpunt").filter(pk=event.post_id).first()
    if post is None or not post.is_visible or post.author_id == event.actor_id:
        return [], set()
    author = post.author_id
    muted = _levels_for([author], post.topic)[author] == WatchLevel.MUTED
    if muted or not _readers({author}, post.topic):
        return [], set()
    kind, actor_id = event.data["kind"], event.actor_id
    group = (
        Notification.objects.select_for_update()
        .filter(user_id=author, post=post, kind=Kind.REACTION, read_at=None)
        .first()
    )
    if not event.data.get("added"):
        if group is not None:
            reactions = group.data.get("reactions", {})
            ids = [i for i in reactions.get(kind, []) if i != actor_id]
            reactions = {key: value for key, value in {**reactions, kind: ids}.items() if value}
            if reactions:
                group.data["reactions"] = reactions
                group.save(update_fields=["data"])
            else:
                group.delete()
        return [], {author}
    if group is None:
        group = Notification(
            user_id=author, kind=Kind.REACTION, topic=post.topic, post=post, data={"reactions": {}}
        )
    ids = group.data.setdefault("reactions", {}).setdefault(kind, [])
    if actor_id not in ids:
        ids.append(actor_id)
    group.actor_id = actor_id
    group.updated_at = timezone.now()
    group.save()
    return [group], {author}


def _on_post_removed(event: Event) -> tuple[list[Notification], set[int]]:
    """A hidden or deleted post leaves no unread notification pointing at it."""
    if event.post_id is None:
        return [], set()
    unread = Notification.objects.filter(post_id=event.post_id, read_at=None).exclude(
        kind=Kind.MODERATION
    )
    touched = set(unread.values_list("user_id", flat=True))
    unread.delete()
    return [], touched


def _on_moderation(event: Event) -> tuple[list[Notification], set[int]]:
    action_id = event.data.get("action_id")
    action = (
        ModerationAction.objects.select_related("member").filter(pk=action_id).first()
        if action_id is not None
        else None
    )
    if action is None or action.member is None or not action.member.is_active:
        return [], set()
    member = action.member
    if action.member_id == action.moderator_id:
        return [], set()
    notification = Notification.objects.create(
        user=member,
        kind=Kind.MODERATION,
        actor_id=action.moderator_id,
        topic_id=action.topic_id,
        post_id=action.post_id,
        data={"action": action.kind, "reason": action.reason},
    )
    return [notification], {member.pk}


HANDLERS = {
    "post.created": _on_post,
    "post.approved": _on_post,
    "post.edited": _on_post,
    "reaction.changed": _on_reaction,
    "post.hidden": _on_post_removed,
    "post.deleted": _on_post_removed,
    "moderation.action": _on_moderation,
}


def _announce(created: list[Notification], touched: set[int]) -> None:
    """After commit: fresh badge counts on the members' sockets, and immediate emails."""
    from community.tasks import email_notification

    texts = {}
    notifications = list(
        Notification.objects.filter(pk__in=[n.pk for n in created]).select_related(
            "actor__profile", "topic", "user__profile"
        )
    )
    names = reactor_names(notifications)
    for notification in notifications:
        profile = getattr(notification.user, "profile", None)
        with translation.override(profile.language if profile else settings.LANGUAGE_CODE):
            texts[notification.user_id] = describe(notification, names)
        # Reactions wait for the digest: a mail per appreciation would drown the rest.
        immediate = (
            profile is not None and profile.email_frequency == Profile.EmailFrequency.IMMEDIATE
        )
        if immediate and notification.kind != Kind.REACTION and not _emails_paused.get():
            email_notification.enqueue(notification.pk)
    _push_counts(touched, texts)


def _push_counts(user_ids: set[int], texts: dict[int, str]) -> None:
    from community.realtime.broadcast import send_to_member

    cache.delete_many([_unread_key(user_id) for user_id in user_ids])
    for user_id in user_ids:
        count = Notification.objects.filter(user_id=user_id, read_at=None).count()
        cache.set(_unread_key(user_id), count, UNREAD_TIMEOUT)
        if user_id in texts:
            frame = {"type": "notification.new", "count": count, "text": texts[user_id]}
        else:
            frame = {"type": "notification.count", "count": count}
        try:
            send_to_member(user_id, frame)
        except Exception:
            logger.exception("pushing the notification count to member %s failed", user_id)
