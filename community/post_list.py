"""Posts rendered once for every reader: per post in process memory, per topic page in the cache.

`render_shared` renders posts with community/includes/post.html, whose reader-dependent parts
are slots (community.overlay); `overlay` fills them in for one reader. The topic page and the
sockets (community.realtime.render) both go through here, so a live post is the same rendering
as the page's.

`shared_page` keeps a topic page's post list (the renderings, the facts the overlay needs and
the key insights) in the Django cache, Redis when configured, local memory otherwise, under the
topic, page number, page address, language, time zone and the anonymous cache's tokens
(community.cache). The caller reads those tokens BEFORE it reads any data; every community write
replaces its bespreekpunt's token after commit, and every page publish the site's, so a list
rendered before a write is kept under a key no reader asks for again. Without tokens (the cache
is away) nothing is kept or read. Posts awaiting approval are never in it: only their author
and moderators see them, rendered for them alone (`pending_posts`).
"""

from collections.abc import Sequence
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from community.cache import TIMEOUT, hashed_key
from community.models import Bookmark, Post, Topic
from community.overlay import PostFacts, Reader, overlay
from community.permissions import filter_visible_posts
from community.templatetags.community_posts import MARKER
from community.views.context import build_post_rows, reply_url, topic_url


class SharedPosts(NamedTuple):
    marker: str
    html: str
    facts: dict[int, PostFacts]
    insights: list[dict]

    def for_reader(self, reader: Reader) -> str:
        return overlay(self.html, self.marker, reader, self.facts)


def facts_of(post: Post) -> PostFacts:
    return PostFacts(
        number=post.number,
        pk=post.pk,
        author_id=post.author_id,
        deleted=post.is_deleted,
        visible=post.is_visible,
        reactors={
            key: frozenset(uid for uid, _name in users) for key, users in post.reactors.items()
        },
    )


def render_each(page, topic: Topic, posts: Sequence[Post]) -> list[str]:
    """Each post rendered for every reader, in the active language (slots marked by MARKER)."""
    # The Django engine's own Template under the backend's: it renders a Context we reuse.
    template = get_template("community/includes/post.html").template  # type: ignore[attr-defined]
    context = Context({"topic_url": topic_url(page, topic), "reply_url": reply_url(page, topic)})
    html = []
    for row in build_post_rows(page, topic, posts):
        with context.push(row=row):
            html.append(template.render(context))
    return html


def render_shared(page, topic: Topic, posts: Sequence[Post]) -> SharedPosts:
    html = "".join(render_each(page, topic, posts))
    return SharedPosts(MARKER, html, {post.number: facts_of(post) for post in posts}, [])


def _posts(topic: Topic):
    return Post.objects.filter(topic=topic).select_related(
        "author__profile", "reply_to__author__profile"
    )


def shared_page(
    page, topic: Topic, first: int, per_page: int, tokens: tuple[str | None, str | None]
) -> SharedPosts:
    """The page's public posts (numbers first+1 ... first+per_page) and the topic's key
    insights, rendered for every reader; from the cache when the tokens still match."""
    key = None
    if None not in tokens:
        key = hashed_key(
            "community:posts",
            repr(
                (
                    topic.pk,
                    first,
                    page.url,
                    translation.get_language(),
                    timezone.get_current_timezone_name(),
                    *tokens,
                )
            ),
        )
        found = cache.get(key)
        if found is not None:
            return SharedPosts(*found)
    loaded = list(
        _posts(topic)
        .filter(is_pending=False)
        .filter(
            Q(number__gt=first, number__lte=first + per_page)
            | Q(is_key_insight=True, deleted_at=None, is_hidden=False)
        )
        .order_by("number")
    )
    posts = [post for post in loaded if first < post.number <= first + per_page]
    shared = render_shared(page, topic, posts)._replace(
        insights=[
            {
                "number": post.number,
                "author": post.author.profile.public_name,
                "html": post.html,
            }
            for post in loaded
            if post.is_key_insight and post.is_visible
        ]
    )
    if key is not None:
        cache.set(key, tuple(shared), TIMEOUT)
    return shared


def reader_posts(
    page, user, topic: Topic, first: int, per_page: int
) -> tuple[frozenset[int], SharedPosts | None]:
    """One query for a member's own part of a page: the numbers of the posts they bookmarked,
    and the posts awaiting approval they may see (their own; a moderator: all), rendered for
    them alone (None when there are none)."""
    bookmarked = Bookmark.objects.filter(user=user, post=OuterRef("pk"))
    rows = list(
        filter_visible_posts(
            user,
            _posts(topic)
            .filter(number__gt=first, number__lte=first + per_page)
            .filter(Q(is_pending=True) | Exists(bookmarked)),
        )
        .annotate(is_bookmarked=Exists(bookmarked))
        .order_by("number")
    )
    bookmarks = frozenset(post.number for post in rows if post.is_bookmarked)
    pending = [post for post in rows if post.is_pending]
    return bookmarks, render_shared(page, topic, pending) if pending else None
