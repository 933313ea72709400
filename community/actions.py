"""Domain actions of the community app.

Every write goes through a function here, actor first; views, the API, commands and tests call
them, never the models directly.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community import ratelimit, trust
from community.events import publish_event
from community.markdown import Rendered, mentioned_names, render_markdown
from community.models import (
    REACTIONS,
    BespreekpuntPage,
    Bookmark,
    DirectoryTerm,
    Draft,
    Post,
    PostRevision,
    Profile,
    Reaction,
    ReadState,
    Topic,
    TopicRedirect,
)
from community.models.discussion import REACTION_KEYS
from community.models.profiles import profile_terms
from community.permissions import (
    check_bookmark_permission,
    check_create_post_permission,
    check_create_topic_permission,
    check_delete_post_permission,
    check_edit_post_permission,
    check_edit_profile_permission,
    check_hide_post_permission,
    check_mark_key_insight_permission,
    check_react_permission,
)
from community.queries import bespreekpunten_written_in

MEMBERS_GROUP = "Members"


@transaction.atomic
def do_create_profile(user, *, display_name: str, institution: str = "") -> Profile:
    """Gives a new account its profile and membership of the Members group."""
    profile, created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name, "institution": institution}
    )
    if created:
        sync_directory_terms(profile)
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    user.groups.add(members)
    return profile


def check_update_profile(actor, profile: Profile, **fields) -> Profile:
    check_edit_profile_permission(actor, profile)
    return do_update_profile(profile, **fields)


@transaction.atomic
def do_update_profile(profile: Profile, **fields) -> Profile:
    expertise = fields.pop("expertise", None)
    old_name = profile.display_name
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if expertise is not None:
        profile.expertise.set(expertise, clear=True)
    sync_directory_terms(profile)
    if profile.display_name != old_name:
        # Posts list their reactors by name (kept on the post): those names change too.
        reacted = Post.objects.filter(reactions__user_id=profile.user_id).distinct()
        bespreekpunt_ids = set(bespreekpunten_written_in(profile.user_id))
        for post in Post.objects.select_for_update().filter(pk__in=reacted).select_related("topic"):
            _refresh_reactors(post)
            bespreekpunt_ids.add(post.topic.bespreekpunt_id)
        # Threads show authors' names: cached pages of every bespreekpunt they wrote in go stale.
        for bespreekpunt_id in sorted(bespreekpunt_ids):
            publish_event(
                "member.renamed", bespreekpunt_id=bespreekpunt_id, actor_id=profile.user_id
            )
    return profile


def sync_directory_terms(profile: Profile) -> None:
    """The directory's search words follow the name and expertise, in the same transaction."""
    wanted = set(profile_terms(profile, list(profile.expertise.names())))
    if profile.erased_at is not None:
        wanted = set()
    stored = set(DirectoryTerm.objects.filter(profile=profile).values_list("term", flat=True))
    if stored - wanted:
        DirectoryTerm.objects.filter(profile=profile, term__in=stored - wanted).delete()
    DirectoryTerm.objects.bulk_create(
        [DirectoryTerm(profile=profile, term=term) for term in sorted(wanted - stored)]
    )


def get_or_create_profile(user) -> Profile:
    """Accounts made outside sign-up (createsuperuser, the admin) get a profile on first use."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = do_create_profile(user, display_name=user.get_full_name() or user.get_username())
    return profile


# Discussions -------------------------------------------------------------------------------
# Every write below runs in one transaction and publishes its event after commit, so a failing
# write leaves nothing half-saved and announces nothing.

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000
RESERVED_SLUGS = {"new", "nieuw", "mark-read", "alles-gelezen", "timeline", "tijdlijn"}


def _check_text(value: str, *, field: str, max_length: int, empty_message: str) -> str:
    if "\ufffd" in value or "\x00" in value:
        raise ValidationError(
            {field: _("The text contains characters that could not be read. Remove them.")}
        )
    if not value.strip():
        raise ValidationError({field: empty_message})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("Keep it under %(max)s characters (now %(count)s).")
                % {"max": f"{max_length:,}".replace(",", "."), "count": len(value)}
            }
        )
    return value


def validate_title(title: str) -> str:
    return _check_text(
        title,
        field="title",
        max_length=TITLE_MAX_LENGTH,
        empty_message=_("Give the topic a title."),
    ).strip()


def validate_body(body: str) -> str:
    return _check_text(
        body,
        field="body",
        max_length=BODY_MAX_LENGTH,
        empty_message=_("Write something before you post."),
    ).strip("\n")


def render_post_body(body: str) -> Rendered:
    """Renders Markdown with @mentions of existing members linked to their profiles."""
    user_model = get_user_model()
    candidates = mentioned_names(body)
    known = (
        set(
            user_model.objects.filter(username__in=candidates, is_active=True).values_list(
                "username", flat=True
            )
        )
        if candidates
        else set()
    )
    # Stored HTML must not depend on the language of whoever wrote it.
    with translation.override(settings.LANGUAGE_CODE):
        return render_markdown(
            body,
            profile_url=lambda name: reverse("community:profile", kwargs={"username": name}),
            known_usernames=known,
        )


def _unique_slug(bespreekpunt: BespreekpuntPage, title: str) -> str:
    base = slugify(title)[:70].strip("-") or "topic"
    taken = set(
        Topic.objects.filter(bespreekpunt=bespreekpunt, slug__startswith=base).values_list(
            "slug", flat=True
        )
    ) | set(  # old addresses of split topics stay theirs
        TopicRedirect.objects.filter(bespreekpunt=bespreekpunt, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, counter = base, 1
    while slug in taken or slug in RESERVED_SLUGS or slug.isdigit():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def check_create_topic(
    actor, bespreekpunt: BespreekpuntPage, *, title: str, body: str, tags: Iterable[str] = ()
) -> Topic:
    check_create_topic_permission(actor, bespreekpunt)
    errors = {}
    for validate, value, field in ((validate_title, title, "title"), (validate_body, body, "body")):
        try:
            validate(value)
        except ValidationError as error:
            errors[field] = error.message_dict[field]
    if errors:
        raise ValidationError(errors)
    trust.check_new_member_post(actor, body, new_topic=True)
    ratelimit.hit("topic", actor)
    topic = do_create_topic(
        actor,
        bespreekpunt,
        title=title.strip(),
        body=body,
        tags=tags,
        pending=trust.needs_approval(actor),
    )
    trust.recompute_trust_level(actor)
    return topic


def do_create_topic(
    actor,
    bespreekpunt: BespreekpuntPage,
    *,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    pending: bool = False,
) -> Topic:
    with transaction.atomic():
        now = timezone.now()
        topic = Topic.objects.create(
            bespreekpunt=bespreekpunt,
            title=title,
            slug=_unique_slug(bespreekpunt, title),
            author=actor,
            last_posted_at=now,
            is_pending=pending,
        )
        clean_tags = [tag.strip()[:100] for tag in tags if tag.strip()]
        if clean_tags:
            topic.tags.set(clean_tags)
        do_create_post(actor, topic, body=body, pending=pending)
        Draft.objects.filter(user=actor, key=f"topic:{bespreekpunt.pk}").delete()
        publish_event(
            "topic.created", bespreekpunt_id=bespreekpunt.pk, topic_id=topic.pk, actor_id=actor.pk
        )
    topic.refresh_from_db()
    return topic


def check_create_post(actor, topic: Topic, *, body: str, reply_to: int | None = None) -> Post:
    check_create_post_permission(actor, topic)
    validate_body(body)
    trust.check_new_member_post(actor, body)
    ratelimit.hit("post", actor)
    post = do_create_post(
        actor, topic, body=body, reply_to=reply_to, pending=trust.needs_approval(actor)
    )
    trust.recompute_trust_level(actor)
    return post


def do_create_post(
    actor, topic: Topic, *, body: str, reply_to: int | None = None, pending: bool = False
) -> Post:
    """`pending`: the post awaits a moderator's approval (community.trust: new members); a
    pending reply is numbered after the public posts, so readers never see a gap."""
    rendered = render_post_body(body)
    with transaction.atomic():
        # The row lock serialises replies per topic, so numbers never collide.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        parent = None
        if reply_to is not None:
            parent = Post.objects.filter(topic=locked, number=reply_to).first()
            if parent is None:
                raise ValidationError({"reply_to": _("The post you reply to does not exist.")})
        # Numbers above post_count belong to replies awaiting approval.
        waiting = Post.objects.filter(topic=locked, number__gt=locked.post_count)
        highest_waiting = waiting.aggregate(highest=Max("number"))["highest"]
        counted = locked.is_pending or not pending
        now = timezone.now()
        post = Post.objects.create(
            topic=locked,
            number=(highest_waiting or locked.post_count) + 1,
            author=actor,
            reply_to=parent,
            body=body,
            html=rendered.html,
            is_pending=pending,
        )
        PostRevision.objects.create(post=post, number=1, body=body, editor=actor)
        if counted and highest_waiting is None:
            earlier = Post.objects.filter(topic=locked, author=actor).exclude(pk=post.pk)
            if not locked.is_pending:
                earlier = earlier.filter(is_pending=False)
            Topic.objects.filter(pk=locked.pk).update(
                post_count=F("post_count") + 1,
                participant_count=F("participant_count") + int(not earlier.exists()),
                last_posted_at=now,
            )
        elif counted:
            # Public now, behind replies still waiting: it takes the next public number.
            post.number = renumber(locked).get(post.pk, post.number)
        # The author has read up to their post, or (theirs waiting) to the last public one.
        read_to = post.number if counted else locked.post_count
        _advance_read_state(actor, locked, read_to)
        Draft.objects.filter(user=actor, key=f"reply:{locked.pk}").delete()
        publish_event(
            "post.created",
            bespreekpunt_id=locked.bespreekpunt_id,
            topic_id=locked.pk,
            post_id=post.pk,
            actor_id=actor.pk,
            number=post.number,
            mentions=rendered.mentions,
        )
    post.topic = locked
    return post


def renumber(topic: Topic) -> dict[int, int]:
    """Numbers the posts of `topic` (its row locked by the caller) 1, 2, 3 ... without gaps,
    in their order, the public ones first and replies awaiting approval after them (in a
    pending topic all in order), and recounts the topic from its public posts.
    Returns {post id: new number} of the posts whose number changed."""
    posts = list(
        Post.objects.filter(topic=topic)
        .order_by("number")
        .values_list("pk", "number", "is_pending")
    )
    order = posts if topic.is_pending else sorted(posts, key=lambda row: (row[2], row[1]))
    wanted = {pk: index for index, (pk, _number, _pending) in enumerate(order, start=1)}
    changed = [Post(pk=pk, number=number) for pk, number, _pending in posts if wanted[pk] != number]
    if changed:
        # Two steps, because each row must keep "post_unique_number" on its own: first above
        # every number in use, then to where each belongs.
        above = posts[-1][1]
        for post in changed:
            post.number = above + wanted[post.pk]
        Post.objects.bulk_update(changed, ["number"])
        for post in changed:
            post.number = wanted[post.pk]
        Post.objects.bulk_update(changed, ["number"])
    counted = Post.objects.filter(topic=topic)
    if not topic.is_pending:
        counted = counted.filter(is_pending=False)
    totals = counted.aggregate(last=Max("created_at"))
    Topic.objects.filter(pk=topic.pk).update(
        post_count=counted.count(),
        participant_count=counted.values("author").distinct().count(),
        last_posted_at=totals["last"] or topic.last_posted_at,
    )
    return {post.pk: post.number for post in changed}


def check_edit_post(actor, post: Post, *, body: str) -> Post:
    check_edit_post_permission(actor, post)
    validate_body(body)
    trust.check_new_member_post(actor, body)
    return do_edit_post(actor, post, body=body)


def do_edit_post(actor, post: Post, *, body: str) -> Post:
    rendered = render_post_body(body)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.body == body:
            return locked
        last = locked.revisions.order_by("-number").values_list("number", flat=True).first()
        PostRevision.objects.create(post=locked, number=(last or 0) + 1, body=body, editor=actor)
        locked.body, locked.html, locked.edited_at = body, rendered.html, timezone.now()
        locked.save(update_fields=["body", "html", "edited_at"])
        Draft.objects.filter(user=actor, key=f"edit:{locked.pk}").delete()
        _publish_post_event("post.edited", locked, actor, mentions=rendered.mentions)
    return locked


def check_delete_post(actor, post: Post) -> Post:
    check_delete_post_permission(actor, post)
    return do_delete_post(actor, post)


def do_delete_post(actor, post: Post) -> Post:
    """Soft delete: the post keeps its number and place, so replies keep their context."""
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now(), is_key_insight=False)
        _publish_post_event("post.deleted", post, actor)
    post.refresh_from_db()
    return post


def check_hide_post(actor, post: Post, *, hidden: bool = True) -> Post:
    """The post footer's Hide / Show again: a moderator's review, so it lands in the audit log."""
    from community.moderation import check_review_post  # moderation builds on this module

    check_hide_post_permission(actor, post)
    return check_review_post(actor, post, decision="hide" if hidden else "approve")


def check_mark_key_insight(actor, post: Post, *, value: bool = True) -> Post:
    check_mark_key_insight_permission(actor, post)
    if value and not post.is_visible:
        raise ValidationError(_("A deleted or hidden post cannot be a key insight."))
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(is_key_insight=value)
        _publish_post_event("post.key_insight", post, actor, value=value)
    post.refresh_from_db()
    return post


def validate_reaction(kind: str) -> str:
    if kind not in REACTION_KEYS:
        raise ValidationError(
            {
                "kind": _("“%(kind)s” is not a reaction. Choose one of: %(choices)s.")
                % {"kind": kind[:40], "choices": " ".join(e for _k, e, _l in REACTIONS)}
            }
        )
    return kind


def check_react(actor, post: Post, kind: str, *, add: bool | None = None) -> bool:
    """Adds (add=True), removes (add=False) or toggles (None) a reaction; True if it is on."""
    validate_reaction(kind)
    check_react_permission(actor, post)
    ratelimit.hit("react", actor)
    return do_react(actor, post, kind, add=add)


def do_react(actor, post: Post, kind: str, *, add: bool | None = None) -> bool:
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        existing = Reaction.objects.filter(post=locked, user=actor, kind=kind)
        is_on = existing.exists()
        want = (not is_on) if add is None else add
        if want and not is_on:
            Reaction.objects.create(post=locked, user=actor, kind=kind)
        elif is_on and not want:
            existing.delete()
        _refresh_reactors(locked)
        if want != is_on:
            _publish_post_event("reaction.changed", locked, actor, kind=kind, added=want)
    post.reaction_counts, post.reactors = locked.reaction_counts, locked.reactors
    return want


def _refresh_reactors(locked: Post) -> None:
    """Recounts the reactions of a post whose row the caller has locked, names as they are now."""
    reactors: dict[str, list] = {}
    for reaction in Reaction.objects.filter(post=locked).select_related("user__profile"):
        profile = getattr(reaction.user, "profile", None)
        name = profile.display_name if profile else reaction.user.get_username()
        reactors.setdefault(reaction.kind, []).append([reaction.user_id, name])
    locked.reactors = {key: reactors[key] for key in REACTION_KEYS if key in reactors}
    locked.reaction_counts = {key: len(users) for key, users in locked.reactors.items()}
    locked.save(update_fields=["reaction_counts", "reactors"])


def check_toggle_bookmark(actor, post: Post, *, add: bool | None = None) -> bool:
    check_bookmark_permission(actor, post)
    ratelimit.hit("bookmark", actor)
    with transaction.atomic():
        existing = Bookmark.objects.filter(user=actor, post=post)
        is_on = existing.exists()
        want = (not is_on) if add is None else add
        if want and not is_on:
            Bookmark.objects.create(user=actor, post=post)
        elif is_on and not want:
            existing.delete()
    return want


def _advance_read_state(
    user,
    topic: Topic,
    number: int,
    known_state: bool | None = None,
    read_before: int | None = None,
) -> None:
    """Moves the member's read marker forward (never back); the first read counts a view.
    With `read_before` (the marker the reader had) the posts passed count as read (trust)."""
    if known_state is not False:
        updated = ReadState.objects.filter(
            user=user, topic=topic, last_read_number__lt=number
        ).update(last_read_number=number)
        if updated and read_before is not None:
            trust.add_posts_read(user, number - read_before)
        if updated or known_state:
            return
    _state, created = ReadState.objects.get_or_create(
        user=user, topic=topic, defaults={"last_read_number": number}
    )
    if created:
        Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
        if read_before is not None:
            trust.add_posts_read(user, number - read_before)


def mark_read(
    user,
    topic: Topic,
    number: int,
    *,
    known_state: bool | None = None,
    read_before: int | None = None,
) -> None:
    """Remembers that `user` has seen the posts of `topic` up to `number`.

    `known_state` says whether the caller already knows a read state exists (saves a query);
    `read_before`, the reader's marker until now, counts the posts read for their trust level.
    """
    if user.is_authenticated:
        with transaction.atomic():
            _advance_read_state(user, topic, number, known_state, read_before)


def mark_all_read(user, bespreekpunt: BespreekpuntPage) -> int:
    topics = list(Topic.objects.filter(bespreekpunt=bespreekpunt).values_list("pk", "post_count"))
    with transaction.atomic():
        for topic_id, post_count in topics:
            state, created = ReadState.objects.get_or_create(
                user=user, topic_id=topic_id, defaults={"last_read_number": post_count}
            )
            if not created and state.last_read_number < post_count:
                ReadState.objects.filter(pk=state.pk).update(last_read_number=post_count)
    return len(topics)


def save_draft(user, key: str, *, title: str = "", body: str = "") -> Draft:
    """Keeps what the member typed, even when the form refused it; without NUL characters,
    which PostgreSQL cannot store (the form says so; the rest of the text is kept)."""
    draft, _created = Draft.objects.update_or_create(
        user=user,
        key=key[:64].replace("\x00", ""),
        defaults={"title": title[:400].replace("\x00", ""), "body": body.replace("\x00", "")},
    )
    return draft


def get_draft(user, key: str) -> Draft | None:
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, key=key).first()


def _publish_post_event(name: str, post: Post, actor, **data) -> None:
    topic = post.topic
    publish_event(
        name,
        bespreekpunt_id=topic.bespreekpunt_id,
        topic_id=topic.pk,
        post_id=post.pk,
        actor_id=actor.pk,
        number=post.number,
        **data,
    )
