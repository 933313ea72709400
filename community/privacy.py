"""A member's personal data: what the export contains and what erasure does, model by model.

community imports no other app, so each app registers its own models that point at the user in
its AppConfig.ready() (events/privacy.py, knowledge/privacy.py; home/privacy.py for Django's,
allauth's and Wagtail's): `register_personal_data(model, fields=(...), export=..., erase=...)`.
tests/community/test_privacy.py walks every model and fails for a user field nobody registered.

Erasure anonymises rather than deletes what others rely on (as Discourse does): the account row
stays because topics and posts protect it, but loses its name, email, password and groups; the
profile stays, cleared and marked `erased_at`, so threads keep an author shown as "deleted
member". Posts keep their text (the issue asks to keep threads whole; replies quote and answer
them), while everything only the member needed (drafts, bookmarks, reactions, read states,
watches, notifications, flags, email addresses, sessions) is deleted.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.events import publish_event
from community.queries import bespreekpunten_written_in

Export = Callable[[Any], list[dict]]
# Erasers may return what they deleted or updated; it is ignored.
Erase = Callable[[Any], object]

# What an erased member's profile keeps as its stored name; templates show the translated
# "deleted member" instead wherever `profile.erased_at` is set.
ERASED_NAME = "verwijderd lid"


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    fields: tuple[str, ...]
    export: Export | None
    erase: Erase
    reason: str
    late: bool


_registry: dict[type[models.Model], PersonalData] = {}


def register_personal_data(
    model: type[models.Model],
    *,
    fields: Iterable[str],
    export: Export | None,
    erase: Erase,
    reason: str = "",
    late: bool = False,
) -> None:
    """Declares how `model`'s rows about a member (through `fields`, its user fields) are
    exported and erased. Rows that are not the member's data say so: export=None and a reason.
    Erasers run in registration order; `late` ones (shared framework rows such as page owners,
    which other erasers still read) after all the others."""
    if export is None and not reason:
        raise ValueError(f"{model._meta.label}: say why it is not exported (reason=...)")
    _registry[model] = PersonalData(model, tuple(fields), export, erase, reason, late)


def registrations() -> list[PersonalData]:
    return list(_registry.values())


def rows(queryset: models.QuerySet, *fields: str) -> list[dict]:
    return list(queryset.values(*fields))


# Export -------------------------------------------------------------------------------------


def export_member_data(user) -> dict:
    """Everything the platform keeps about `user`, JSON-ready (dates as ISO 8601 strings)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
    }
    for entry in _registry.values():
        if entry.export is not None:
            data[entry.model._meta.label_lower] = entry.export(user)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# Erasure ------------------------------------------------------------------------------------


def check_erase_member(actor, user, *, confirmation: str) -> None:
    """Erases `user`'s account when `actor` is that user and confirmed with their email
    address or password; otherwise raises and changes nothing."""
    if not actor.is_authenticated or actor.pk != user.pk:
        raise PermissionDenied(_("You can only delete your own account."))
    if not user.is_active:
        raise ValidationError(_("This account has already been deleted."))
    typed = confirmation.strip()
    by_email = bool(user.email) and typed.casefold() == user.email.casefold()
    if not typed or not (by_email or user.check_password(typed)):
        raise ValidationError(
            {
                "confirmation": _(
                    "That is neither your email address nor your password. "
                    "Nothing has been deleted."
                )
            }
        )
    do_erase_member(user)


def do_erase_member(user) -> None:
    """Runs every registered eraser and anonymises the account, all in one transaction."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.select_for_update().get(pk=user.pk)
        bespreekpunt_ids = bespreekpunten_written_in(user.pk)
        for entry in sorted(_registry.values(), key=lambda entry: entry.late):
            entry.erase(user)
        user.username = f"verwijderd-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        # Cached pages of the threads they wrote in still show their name until invalidated.
        for bespreekpunt_id in bespreekpunt_ids:
            publish_event("member.erased", bespreekpunt_id=bespreekpunt_id, actor_id=user.pk)


# The community app's own models -------------------------------------------------------------


def _delete(model: type[models.Model], field: str = "user") -> Erase:
    return lambda user: model._default_manager.filter(**{field: user}).delete()


def _keep(user) -> None:
    """Rows others rely on stay and point at the anonymised account."""


def _export_profile(user) -> list[dict]:
    from community.models import Profile

    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    fields = {f.name: getattr(profile, f.attname) for f in Profile._meta.concrete_fields}
    return [{**fields, "expertise": sorted(profile.expertise.names())}]


def _erase_profile(user) -> None:
    from community.models import Profile

    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return
    profile.expertise.clear()
    defaults = {
        f.name: f.get_default()
        for f in Profile._meta.concrete_fields
        if f.name not in ("id", "user", "language")
    }
    for name, value in defaults.items():
        setattr(profile, name, value)
    profile.display_name = ERASED_NAME
    profile.email_frequency = Profile.EmailFrequency.NEVER
    profile.directory_listing = Profile.Listing.HIDDEN
    profile.erased_at = timezone.now()
    profile.save()
    profile.directory_terms.all().delete()


def _export_topics(user) -> list[dict]:
    from community.models import Topic

    topics = Topic.objects.filter(author=user).select_related("bespreekpunt")
    return [
        {
            "id": topic.pk,
            "title": topic.title,
            "bespreekpunt": topic.bespreekpunt.title,
            "url": topic.get_absolute_url(),
            "created_at": topic.created_at,
            "tags": sorted(topic.tags.names()),
        }
        for topic in topics.prefetch_related("tags")  # type: ignore[misc]
    ]


def _export_posts(user) -> list[dict]:
    from community.models import Post

    posts = Post.objects.filter(author=user).select_related("topic").prefetch_related("revisions")
    return [
        {
            "id": post.pk,
            "topic": post.topic.title,
            "number": post.number,
            "body": post.body,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "deleted_at": post.deleted_at,
            "revisions": [
                {"number": r.number, "body": r.body, "created_at": r.created_at}
                for r in post.revisions.all()
                if r.editor_id == user.pk
            ],
        }
        for post in posts
    ]


def _without_mentions(body: str, username: str) -> str:
    """`body` with every @mention of `username` (quote sources "[@name, #3](…)" too) written
    as ERASED_NAME, following community.markdown's mention rule; anything else unchanged."""
    from community.markdown import MENTION_RE

    def replace(match) -> str:
        start, name = match.start(), match.group(1).rstrip(".-")
        before = body[start - 1] if start else ""
        if name != username or before.isalnum() or before in "_.-":
            return match.group(0)
        return ERASED_NAME + match.group(0)[1 + len(name) :]

    return MENTION_RE.sub(replace, body)


def _erase_mentions(user) -> None:
    """Others' posts keep their text, but mentions and quotes of the member name them no more:
    in the posts, their rendered HTML and earlier versions. Each rewritten post is announced
    so cached pages, live readers and the search index drop the name as well."""
    from community.actions import render_post_body
    from community.models import Post, PostRevision

    username = user.get_username()
    needle = "@" + username
    for revision in PostRevision.objects.filter(body__contains=needle):
        body = _without_mentions(revision.body, username)
        if body != revision.body:
            PostRevision.objects.filter(pk=revision.pk).update(body=body)
    for post in Post.objects.filter(body__contains=needle).select_related("topic"):
        body = _without_mentions(post.body, username)
        if body == post.body:
            continue
        # Rendered as if the member were gone already: the name links to no profile.
        html = render_post_body(body).html
        Post.objects.filter(pk=post.pk).update(body=body, html=html)
        publish_event(
            "post.rewritten",
            bespreekpunt_id=post.topic.bespreekpunt_id,
            topic_id=post.topic_id,
            post_id=post.pk,
            actor_id=None,
            number=post.number,
        )


def _export_others_revisions(user) -> list[dict]:
    """Edits they made to other members' posts (as a moderator); their own are in the posts."""
    from community.models import PostRevision

    revisions = PostRevision.objects.filter(editor=user).exclude(post__author=user)
    return rows(revisions, "post_id", "number", "body", "created_at")


def _erase_reactions(user) -> None:
    """Removes their reactions the way unreacting does, so counts and names are recomputed."""
    from community.actions import do_react
    from community.models import Reaction

    for reaction in Reaction.objects.filter(user=user).select_related("post__topic"):
        do_react(user, reaction.post, reaction.kind, add=False)


def _export_notifications(user) -> list[dict]:
    from community.models import Notification

    return rows(
        Notification.objects.filter(user=user),
        "kind", "topic_id", "post_id", "data", "created_at", "read_at", "emailed_at",
    )  # fmt: skip


def _erase_notifications(user) -> None:
    """Deletes theirs; in others' notifications they caused, forgets who (reaction groups keep
    member ids, so their id goes and no name of theirs was ever stored). Runs before their
    reactions are removed, which tells which groups name them."""
    from community.models import Notification, Reaction

    Notification.objects.filter(user=user).delete()
    reacted = Reaction.objects.filter(user=user).values("post_id")
    caused = Notification.objects.filter(
        models.Q(actor=user) | models.Q(kind=Notification.Kind.REACTION, post__in=reacted)
    )
    for notification in caused:
        if notification.actor_id == user.pk:
            notification.actor = None
        reactions = notification.data.get("reactions")
        if reactions is not None:
            kept = {kind: [i for i in ids if i != user.pk] for kind, ids in reactions.items()}
            notification.data["reactions"] = {kind: ids for kind, ids in kept.items() if ids}
            if not notification.data["reactions"]:
                notification.delete()
                continue
        notification.save(update_fields=["actor", "data"])


def _export_moderation(user) -> list[dict]:
    from django.db.models import Q

    from community.models import ModerationAction

    actions = ModerationAction.objects.filter(Q(member=user) | Q(moderator=user))
    return [
        {**row, "about_me": row.pop("member_id") == user.pk}
        for row in rows(actions, "kind", "member_id", "topic_id", "post_id", "reason", "created_at")
    ]


def register_community_data() -> None:
    from community import models as m

    def simple(model, *fields: str) -> Export:
        return lambda user: rows(model.objects.filter(user=user), *fields)

    register_personal_data(m.Topic, fields=["author"], export=_export_topics, erase=_keep)
    register_personal_data(m.Post, fields=["author"], export=_export_posts, erase=_erase_mentions)
    register_personal_data(
        m.PostRevision, fields=["editor"], export=_export_others_revisions, erase=_keep
    )
    register_personal_data(
        m.Notification,
        fields=["user", "actor"],
        export=_export_notifications,
        erase=_erase_notifications,
    )
    register_personal_data(
        m.Reaction,
        fields=["user"],
        export=simple(m.Reaction, "post_id", "kind", "created_at"),
        erase=_erase_reactions,
    )
    for model, fields in [
        (m.ReadState, ("topic_id", "topic__title", "last_read_number")),
        (m.Bookmark, ("post_id", "post__topic__title", "post__number", "created_at")),
        (m.Draft, ("key", "title", "body", "updated_at")),
        (m.TopicWatch, ("topic_id", "topic__title", "level", "updated_at")),
        (m.BespreekpuntWatch, ("bespreekpunt_id", "bespreekpunt__title", "level", "updated_at")),
        (m.Flag, ("post_id", "reason", "note", "created_at", "resolved_at", "resolution")),
        (m.ReceivedEmail, ("received_at", "sender", "subject", "topic_id", "post_id", "status")),
    ]:
        register_personal_data(
            model, fields=["user"], export=simple(model, *fields), erase=_delete(model)
        )
    register_personal_data(
        m.ModerationAction,
        fields=["moderator", "member"],
        export=_export_moderation,
        erase=_keep,
        reason="The moderation audit log is never edited; it points at the anonymised account.",
    )
    # Last: the erasers above still read the member's name (to scrub it from others' rows).
    # Votes and consent responses are part of decisions others rely on: they stay, like posts,
    # with the anonymised account ("deleted member").
    register_personal_data(
        m.PollVote,
        fields=["user"],
        export=lambda user: rows(
            m.PollVote.objects.filter(user=user), "poll__question", "option__text", "created_at"
        ),
        erase=_keep,
    )
    register_personal_data(
        m.ConsentResponse,
        fields=["user"],
        export=lambda user: rows(
            m.ConsentResponse.objects.filter(user=user),
            "round__proposal",
            "choice",
            "reason",
            "updated_at",
        ),
        erase=_keep,
    )
    register_personal_data(
        m.ConsentRound,
        fields=["closed_by"],
        export=lambda user: rows(
            m.ConsentRound.objects.filter(closed_by=user), "proposal", "outcome", "closed_at"
        ),
        erase=lambda user: m.ConsentRound.objects.filter(closed_by=user).update(closed_by=None),
    )
    register_personal_data(m.Profile, fields=["user"], export=_export_profile, erase=_erase_profile)
