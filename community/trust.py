"""Trust levels 0-4, earned by taking part, and the limits on new members (level 0).

A member's level rises by itself when their activity reaches the thresholds of the next level
(setting COMMUNITY_TRUST_LEVELS): posts read, days visited, posts written, and few flags against
their posts. It is recomputed after they post, after reading moves their read marker, and on
their first visit of the day. Levels only rise automatically; a moderator may set any level,
which locks it (`Profile.trust_level_locked`) so activity no longer changes it.

Level 0 (a new account) posts under limits: its first posts wait for a moderator's approval,
and its posts carry few links and images, and few topics a day.
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.markdown import render_markdown
from community.models import Flag, ModerationAction, Post, Profile, Topic
from community.permissions import check_set_trust_level_permission, is_moderator

MAX_LEVEL = 4
LEVEL_NAMES = {
    0: gettext_lazy("New member"),
    1: gettext_lazy("Basic member"),
    2: gettext_lazy("Member"),
    3: gettext_lazy("Regular"),
    4: gettext_lazy("Leader"),
}
UPHELD = (Flag.Resolution.HIDDEN, Flag.Resolution.DELETED)
# Absolute links only: mentions and quotes link inside the site with relative URLs.
EXTERNAL_LINK_RE = re.compile(r"<a\s[^>]*href=\"(?:https?:)?//", re.IGNORECASE)
IMAGE_RE = re.compile(r"!\[[^\]]*\]\s*[(\[]|<img\b", re.IGNORECASE)


def trust_level(user) -> int:
    """The member's level; moderators (and admins) count as the highest."""
    if is_moderator(user):
        return MAX_LEVEL
    # Kept on the user object for the request: the checks before a post ask more than once.
    level = getattr(user, "_community_trust_level", None)
    if level is None:
        level = Profile.objects.filter(user=user).values_list("trust_level", flat=True).first()
        user._community_trust_level = level = level or 0
    return level


def _requirements(level: int) -> dict:
    return settings.COMMUNITY_TRUST_LEVELS.get(level, {})


def flag_points(user, days: int) -> int:
    """Flags against the member's posts in the last `days`: upheld ones weigh most."""
    weights = settings.COMMUNITY_TRUST_FLAG_POINTS
    since = timezone.now() - timedelta(days=days)
    counts = Flag.objects.filter(post__author=user, created_at__gte=since).aggregate(
        upheld=Count("pk", filter=Q(resolution__in=UPHELD)),
        open=Count("pk", filter=Q(resolution="")),
    )
    return counts["upheld"] * weights["upheld"] + counts["open"] * weights["open"]


def meets(user, profile: Profile, level: int) -> bool:
    """Whether the member's activity reaches the thresholds of `level`."""
    need = _requirements(level)
    if not need:
        return False
    if profile.posts_read < need.get("posts_read", 0):
        return False
    if profile.days_visited < need.get("days_visited", 0):
        return False
    if need.get("posts"):
        written = Post.objects.filter(
            author=user, is_pending=False, is_hidden=False, deleted_at=None
        ).count()
        if written < need["posts"]:
            return False
    return "flag_points" not in need or (
        flag_points(user, need.get("flag_days", 30)) <= need["flag_points"]
    )


def recompute_trust_level(user) -> int:
    """Raises the member's level as far as their activity reaches; a locked level stays."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None or profile.trust_level_locked:
        return profile.trust_level if profile else 0
    level = profile.trust_level
    while level < MAX_LEVEL and meets(user, profile, level + 1):
        level += 1
    if level > profile.trust_level:
        # The filter keeps a moderator's lock set meanwhile, and never lowers a level.
        Profile.objects.filter(
            pk=profile.pk, trust_level_locked=False, trust_level__lt=level
        ).update(trust_level=level)
        user._community_trust_level = level
    return level


def _may_rise_by_reading(user) -> bool:
    """One query: do reads and visits now reach the next level (then the full check runs)?"""
    reach = Q()
    for level in range(1, MAX_LEVEL + 1):
        need = _requirements(level)
        if need:
            reach |= Q(
                trust_level=level - 1,
                posts_read__gte=need.get("posts_read", 0),
                days_visited__gte=need.get("days_visited", 0),
            )
    return bool(reach) and (
        Profile.objects.filter(user=user, trust_level_locked=False).filter(reach).exists()
    )


def add_posts_read(user, count: int) -> None:
    """The read marker moved `count` posts on: count them, and rise if that is enough."""
    if count <= 0:
        return
    Profile.objects.filter(user=user).update(posts_read=F("posts_read") + count)
    if _may_rise_by_reading(user):
        recompute_trust_level(user)


def record_visit(user, today: date) -> None:
    """Counts today's visit once (VisitMiddleware calls this on the first request of the day)."""
    counted = (
        Profile.objects.filter(user=user)
        .exclude(last_visit_on=today)
        .update(days_visited=F("days_visited") + 1, last_visit_on=today)
    )
    if counted:
        recompute_trust_level(user)


def check_set_trust_level(actor, member, level: int, *, reason: str = "") -> Profile:
    """A moderator sets `member`'s level; it stays there (locked) and the audit log says so."""
    check_set_trust_level_permission(actor, member)
    if level not in LEVEL_NAMES:
        raise ValidationError(
            {"level": _("Choose a level from 0 to %(max)d.") % {"max": MAX_LEVEL}}
        )
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=member)
        previous = profile.trust_level
        profile.trust_level, profile.trust_level_locked = level, True
        profile.save(update_fields=["trust_level", "trust_level_locked"])
        ModerationAction.objects.create(
            kind=ModerationAction.Kind.TRUST_LEVEL,
            moderator=actor,
            member=member,
            reason=reason.strip()[:1000],
            data={"from": previous, "to": level},
        )
    return profile


# Limits on new members --------------------------------------------------------------------


def needs_approval(actor) -> bool:
    """A level-0 member's post waits for a moderator until enough of theirs were approved."""
    first_posts = settings.COMMUNITY_APPROVE_FIRST_POSTS
    if not first_posts or trust_level(actor) > 0:
        return False
    approved = Post.objects.filter(author=actor, is_pending=False)[:first_posts].count()
    return approved < first_posts


def check_new_member_post(actor, body: str, *, new_topic: bool = False) -> None:
    """Level 0: few links and images per post, few topics a day; over a limit, ValidationError."""
    if trust_level(actor) > 0:
        return
    errors = []
    max_links = settings.COMMUNITY_NEW_MEMBER_MAX_LINKS
    # Links as the post shows them (bare URLs too); mentions link inside the site, not counted.
    links = len(EXTERNAL_LINK_RE.findall(render_markdown(body).html))
    if links > max_links:
        errors.append(
            ngettext(
                "New members can put at most %(max)d link in a post (this one has %(count)d).",
                "New members can put at most %(max)d links in a post (this one has %(count)d).",
                max_links,
            )
            % {"max": max_links, "count": links}
        )
    max_images = settings.COMMUNITY_NEW_MEMBER_MAX_IMAGES
    images = len(IMAGE_RE.findall(body))
    if images > max_images:
        errors.append(
            ngettext(
                "New members can put at most %(max)d image in a post (this one has %(count)d).",
                "New members can put at most %(max)d images in a post (this one has %(count)d).",
                max_images,
            )
            % {"max": max_images, "count": images}
        )
    if errors:
        raise ValidationError({"body": errors})
    if new_topic:
        max_topics = settings.COMMUNITY_NEW_MEMBER_TOPICS_PER_DAY
        since = timezone.now() - timedelta(days=1)
        if Topic.objects.filter(author=actor, created_at__gte=since).count() >= max_topics:
            raise ValidationError(
                ngettext(
                    "New members can start at most %(max)d topic a day. Try again tomorrow.",
                    "New members can start at most %(max)d topics a day. Try again tomorrow.",
                    max_topics,
                )
                % {"max": max_topics}
            )
