"""What topic templates need per post, computed in Python from rows already loaded."""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import pgettext_lazy

from community.models import REACTIONS, Post, Topic
from community.permissions import can_edit_post, can_mark_key_insight, is_member, is_moderator


def _page_url(page) -> str:
    # Computing a page's URL walks the site's root paths; do it once per request and page.
    url = getattr(page, "_community_url", None)
    if url is None:
        url = page._community_url = page.url
    return url


def discussion_root(request: HttpRequest, page):
    """The page topics hang from (see BespreekpuntPage.discussion_page), without a query on the
    default-language site: Wagtail routes /nl/ requests through the Dutch tree, so the page
    served there is the default-language page itself."""
    if getattr(request, "LANGUAGE_CODE", None) == settings.LANGUAGE_CODE:
        page._discussion_page = page
    return page.discussion_page()


def topic_url(page, topic: Topic) -> str:
    return _page_url(page) + page.reverse_subpage("topic", kwargs={"topic_slug": topic.slug})


def reply_url(page, topic: Topic) -> str:
    return _page_url(page) + page.reverse_subpage("reply", kwargs={"topic_slug": topic.slug})


def post_url(page, topic: Topic, number: int) -> str:
    return f"{topic_url(page, topic)}{number}/"


# The URL word of each post action, in the site's language ("bewerken" on the Dutch site).
ACTION_WORDS = {
    "edit": pgettext_lazy("url", "edit"),
    "history": pgettext_lazy("url", "history"),
    "delete": pgettext_lazy("url", "delete"),
    "react": pgettext_lazy("url", "react"),
    "bookmark": pgettext_lazy("url", "bookmark"),
    "key-insight": pgettext_lazy("url", "key-insight"),
    "hide": pgettext_lazy("url", "hide"),
    "flag": pgettext_lazy("url", "flag"),
    "poll": pgettext_lazy("url", "poll"),
}


def action_url(page, topic: Topic, number: int, action: str) -> str:
    return f"{post_url(page, topic, number)}{ACTION_WORDS[action]}/"


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
    can_flag: bool = False
    bookmarked: bool = False
    can_add_decision: bool = False
    actions: dict[str, str] = field(default_factory=dict)


def build_post_rows(request: HttpRequest, page, topic: Topic, posts: list[Post]) -> list[PostRow]:
    user = request.user
    member = is_member(user)
    moderator = is_moderator(user)
    # The lazy translations once per call, not once per post (50 posts, 14 words each).
    labels = [(key, emoji, str(label)) for key, emoji, label in REACTIONS]
    words = [(name.replace("-", "_"), str(word)) for name, word in ACTION_WORDS.items()]
    rows = []
    for post in posts:
        post.topic = topic
        reactions = []
        for key, emoji, label in labels:
            users = post.reactors.get(key, [])
            reactions.append(
                ReactionRow(
                    key=key,
                    emoji=emoji,
                    label=label,
                    count=len(users),
                    names=[name for _id, name in users],
                    mine=any(user_id == user.pk for user_id, _name in users),
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
                can_flag=member and post.is_visible and post.author_id != user.pk,
                bookmarked=getattr(post, "is_bookmarked", False),
                # has_decision: set by the topic page, which knows the topic's polls.
                can_add_decision=member
                and (post.author_id == user.pk or moderator)
                and post.is_visible
                and not topic.is_closed
                and not getattr(post, "has_decision", False),
                actions={name: f"{url}{word}/" for name, word in words},
            )
        )
    return rows
