"""What topic templates need per post, computed in Python from rows already loaded."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import pgettext

from community.models import REACTIONS, Bookmark, Post, Topic
from community.permissions import can_edit_post, can_mark_key_insight, is_member, is_moderator


def _page_url(page) -> str:
    # Computing a page's URL walks the site's root paths; do it once per request and page.
    url = getattr(page, "_community_url", None)
    if url is None:
        url = page._community_url = page.url
    return url


def topic_url(page, topic: Topic) -> str:
    return _page_url(page) + page.reverse_subpage("topic", kwargs={"topic_slug": topic.slug})


def post_url(page, topic: Topic, number: int) -> str:
    return f"{topic_url(page, topic)}{number}/"


def action_url(page, topic: Topic, number: int, action: str) -> str:
    return f"{post_url(page, topic, number)}{pgettext('url', action)}/"


@dataclass
class ReactionRow:
    key: str
    emoji: str
    label: str
    count: int
    names: list[str] = field(default_factory=list)
    mine: bool = False


@dataclass
class PostRow:
    post: Post
    url: str
    reactions: list[ReactionRow]
    can_edit: bool = False
    can_delete: bool = False
    can_mark: bool = False
    can_hide: bool = False
    can_react: bool = False
    bookmarked: bool = False
    actions: dict[str, str] = field(default_factory=dict)


def build_post_rows(request: HttpRequest, page, topic: Topic, posts: list[Post]) -> list[PostRow]:
    user = request.user
    member = is_member(user)
    moderator = is_moderator(user)
    bookmarked: set[int] = set()
    if user.is_authenticated and posts:
        bookmarked = set(
            Bookmark.objects.filter(user=user, post__in=posts).values_list("post_id", flat=True)
        )
    rows = []
    for post in posts:
        post.topic = topic
        reactions = []
        by_kind: dict[str, list] = {}
        for reaction in post.reactions.all():
            by_kind.setdefault(reaction.kind, []).append(reaction.user)
        for key, emoji, label in REACTIONS:
            users = by_kind.get(key, [])
            reactions.append(
                ReactionRow(
                    key=key,
                    emoji=emoji,
                    label=str(label),
                    count=len(users),
                    names=[_display_name(u) for u in users],
                    mine=any(u.pk == user.pk for u in users),
                )
            )
        url = post_url(page, topic, post.number)
        rows.append(
            PostRow(
                post=post,
                url=url,
                reactions=reactions,
                can_edit=can_edit_post(user, post),
                can_delete=member and post.author_id == user.pk and not post.is_deleted,
                can_mark=can_mark_key_insight(user, post) and post.is_visible,
                can_hide=moderator and not post.is_deleted,
                can_react=member and post.is_visible,
                bookmarked=post.pk in bookmarked,
                actions={
                    name.replace("-", "_"): f"{url}{pgettext('url', name)}/"
                    for name in (
                        "edit",
                        "history",
                        "delete",
                        "react",
                        "bookmark",
                        "key-insight",
                        "hide",
                    )
                },
            )
        )
    return rows


def _display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()
