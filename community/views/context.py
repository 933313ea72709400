"""What topic templates need per post, computed in Python from rows already loaded."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import pgettext_lazy

from community.models import REACTIONS, Post, Topic


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


@dataclass
class PostRow:
    """What post.html shows of a post, the same for every reader (community.overlay adds theirs)."""

    post: Post
    url: str
    reactions: list[ReactionRow]
    actions: dict[str, str] = field(default_factory=dict)


def reaction_labels() -> list[tuple[str, str, str]]:
    """(key, emoji, label) of each reaction, the labels in the active language."""
    return [(key, emoji, str(label)) for key, emoji, label in REACTIONS]


def reaction_rows(labels: Sequence[tuple[str, str, str]], reactors: dict) -> list[ReactionRow]:
    """A post's reactions from its `reactors` ({kind: [[user id, name], ...]})."""
    return [
        ReactionRow(
            key=key,
            emoji=emoji,
            label=label,
            count=len(users := reactors.get(key, [])),
            names=[name for _id, name in users],
        )
        for key, emoji, label in labels
    ]


def build_post_rows(page, topic: Topic, posts: Sequence[Post]) -> list[PostRow]:
    # The lazy translations once per call, not once per post (50 posts, 14 words each).
    labels = reaction_labels()
    words = [(name.replace("-", "_"), str(word)) for name, word in ACTION_WORDS.items()]
    # One reverse of the topic's address for all its posts (reversing costs ~40 us each).
    base = topic_url(page, topic)
    rows = []
    for post in posts:
        post.topic = topic
        url = f"{base}{post.number}/"
        rows.append(
            PostRow(
                post=post,
                url=url,
                reactions=reaction_rows(labels, post.reactors),
                actions={name: f"{url}{word}/" for name, word in words},
            )
        )
    return rows
