"""Posts rendered once for every reader: per post in process memory, per topic page in the cache.

`render_shared` renders posts with community/includes/post.html, whose reader-dependent parts
are slots (community.overlay); `overlay` fills them in for one reader. The topic page and the
sockets (community.realtime.render) both go through here, so a live post is the same rendering
as the page's.

`shared_page` keeps a topic page's frame (the renderings without reactions, the facts the
overlay needs and the key insights) in the Django cache, Redis when configured, local memory
otherwise, under the topic, page number, page address, language, time zone and the tokens of
what shows no reactions (community.cache); the page with its reactions put in is kept in
process memory under the bespreekpunt's token. The caller reads those tokens BEFORE it reads
any data; every community write replaces its bespreekpunt's tokens after commit (a like only
the one for reactions), and every page publish the site's, so a list rendered before a write
is kept under a key no reader asks for again. Without tokens (the cache is away) nothing is
kept or read. Posts awaiting approval are never in it: only their author and moderators see
them, rendered for them alone (`pending_posts`).
"""

from collections.abc import Sequence
from typing import NamedTuple

from django.db import connection
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from community import memo
from community.cache import TIMEOUT, hashed_key
from community.models import Bookmark, Draft, Post, ReadState, Topic
from community.overlay import PageOverlay, PostFacts, Reader, overlay
from community.permissions import filter_visible_posts, is_moderator
from community.templatetags.community_posts import MARKER, with_reactions
from community.views.context import (
    ACTION_WORDS,
    build_post_rows,
    reaction_labels,
    reaction_rows,
    reply_url,
    topic_url,
)

# Renderings kept under tokens never change (community.memo): each process keeps the latest
# frames and pages it served, so a reader's view costs no unpickling of the post list.
FRAMES = memo.LocalValues(64)
POSTS = memo.LocalValues(64)


class SharedPosts(NamedTuple):
    marker: str
    html: str
    facts: dict[int, PostFacts]
    insights: list[dict]
    # Made in each process from the fields above (not kept in the shared cache).
    page_overlay: PageOverlay | None = None

    def for_reader(self, reader: Reader) -> str:
        if self.page_overlay is not None:
            return self.page_overlay.for_reader(reader)
        return overlay(self.html, self.marker, reader, self.facts)


def reactor_ids(reactors: dict) -> dict[str, frozenset[int]]:
    return {key: frozenset(uid for uid, _name in users) for key, users in reactors.items()}


def facts_of(post: Post) -> PostFacts:
    return PostFacts(
        number=post.number,
        pk=post.pk,
        author_id=post.author_id,
        deleted=post.is_deleted,
        visible=post.is_visible,
        reactors=reactor_ids(post.reactors),
    )


def _frames(page, topic: Topic, posts: Sequence[Post]) -> list[str]:
    """Each post rendered for every reader, in the active language, its reactions left as a
    slot (community_posts.REACTIONS_SLOT)."""
    # The Django engine's own Template under the backend's: it renders a Context we reuse.
    template = get_template("community/includes/post.html").template  # type: ignore[attr-defined]
    context = Context({"topic_url": topic_url(page, topic), "reply_url": reply_url(page, topic)})
    html = []
    for row in build_post_rows(page, topic, posts):
        with context.push(row=row):
            html.append(template.render(context))
    return html


def _with_reactions_each(base: str, frames: Sequence[tuple[int, str, dict]]) -> list[str]:
    """Each post's frame (number, rendering, reactors) with its reactions put in; `base` is
    the topic's address."""
    react, labels = str(ACTION_WORDS["react"]), reaction_labels()
    return [
        with_reactions(html, f"{base}{number}/{react}/", reaction_rows(labels, reactors))
        for number, html, reactors in frames
    ]


def render_each(page, topic: Topic, posts: Sequence[Post]) -> list[str]:
    """Each post rendered for every reader, in the active language (slots marked by MARKER)."""
    frames = _frames(page, topic, posts)
    return _with_reactions_each(
        topic_url(page, topic),
        [(post.number, html, post.reactors) for post, html in zip(posts, frames, strict=True)],
    )


def render_shared(page, topic: Topic, posts: Sequence[Post]) -> SharedPosts:
    html = "".join(render_each(page, topic, posts))
    return SharedPosts(MARKER, html, {post.number: facts_of(post) for post in posts}, [])


def _posts(topic: Topic):
    return Post.objects.filter(topic=topic).select_related(
        "author__profile", "reply_to__author__profile"
    )


class Frame(NamedTuple):
    """A page of public posts rendered for every reader without their reactions, what the
    overlay needs of them, and the topic's key insights; kept in the shared cache under the
    tokens of what shows no reactions (community.cache.REACTIONS_ONLY)."""

    marker: str
    posts: list[tuple[int, str]]  # (number, rendering with its reactions slot)
    facts: dict[int, PostFacts]
    reactors: dict[int, dict]  # number: the post's reactors when the frame was made
    bp_token: str | None  # the bespreekpunt's token read before that
    insights: list[dict]


def shared_page(
    page,
    topic: Topic,
    first: int,
    per_page: int,
    tokens: tuple[str | None, str | None],
    structure_token: str | None,
) -> SharedPosts:
    """The page's public posts (numbers first+1 ... first+per_page) and the topic's key
    insights, rendered for every reader.

    `tokens` (bespreekpunt, site) and `structure_token` (the "posts" token of
    community.cache.current_tokens) are read before any data, `topic` (its post count) after
    them. The frame of the page (everything but the reactions) is kept under the "posts" and
    site tokens and the number of posts on the page, which a like, or a new post on another
    page, leaves alone; the page with its reactions put in, in process memory under the
    bespreekpunt's token. So the first view after a like reads the page's reactions (one small
    query) and renders the liked post's reactions again, and the first view after a change to
    the page's posts renders the page again.
    """
    bp_token, site_token = tokens
    if None in (bp_token, site_token, structure_token):
        frame = _load_frame(page, topic, first, per_page, None)
        return _composed(frame, None, topic_url(page, topic))  # the cache is away
    where = (
        topic.pk,
        first,
        # How many public posts the page holds: a new post (community.cache.APPENDS) leaves
        # the "posts" token alone, and changes only the frame of the page it lands on. The
        # count comes from the topic's row, read after the tokens like the rest.
        min(topic.post_count, first + per_page) - first,
        page.url,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    key = hashed_key("community:posts", repr((*where, structure_token, site_token)))
    composed_key = (key, bp_token)
    shared = POSTS.get(composed_key)
    if shared is None:
        frame = memo.through(
            FRAMES,
            key,
            lambda: _load_frame(page, topic, first, per_page, bp_token),
            TIMEOUT,
            in_memory=_with_local_marker,
        )
        # The frame's reactors are current if no write has replaced the token since.
        fresh = None if frame.bp_token == bp_token else _page_reactors(topic, frame)
        shared = _composed(frame, fresh, topic_url(page, topic))
        POSTS.set(composed_key, shared)
    return shared


def _with_local_marker(frame: Frame) -> Frame:
    """A frame from another process, with this process's marker (its reactions are
    rendered here)."""
    if frame.marker == MARKER:
        return frame
    return frame._replace(
        marker=MARKER,
        posts=[(number, html.replace(frame.marker, MARKER)) for number, html in frame.posts],
    )


def _page_reactors(topic: Topic, frame: Frame) -> dict[int, dict]:
    if not frame.posts:
        return {}
    numbers = [number for number, _html in frame.posts]
    rows = (
        Post.objects.filter(topic=topic, number__gte=numbers[0], number__lte=numbers[-1])
        .order_by()
        .values_list("number", "reactors")
    )
    return dict(rows)


def _composed(frame: Frame, fresh: dict[int, dict] | None, base: str) -> SharedPosts:
    """The frame with each post's reactions put in: `fresh` ones, or the frame's own; `base`
    is the topic's address."""
    reactors = frame.reactors if fresh is None else fresh
    own = [reactors.get(number, {}) for number, _html in frame.posts]
    htmls = _with_reactions_each(
        base, [(number, html, r) for (number, html), r in zip(frame.posts, own, strict=True)]
    )
    posts = [
        (frame.facts[number]._replace(reactors=reactor_ids(r)), html)
        for (number, _frame), r, html in zip(frame.posts, own, htmls, strict=True)
    ]
    return SharedPosts(
        MARKER,
        "".join(html for _facts, html in posts),
        {facts.number: facts for facts, _html in posts},
        frame.insights,
        PageOverlay.from_posts(MARKER, posts),
    )


def _load_frame(page, topic: Topic, first: int, per_page: int, bp_token: str | None) -> Frame:
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
    return Frame(
        marker=MARKER,
        posts=list(zip([post.number for post in posts], _frames(page, topic, posts), strict=True)),
        facts={post.number: facts_of(post) for post in posts},
        reactors={post.number: post.reactors for post in posts},
        bp_token=bp_token,
        insights=[
            {
                "number": post.number,
                "author": post.author.profile.public_name,
                "html": post.html,
            }
            for post in loaded
            if post.is_key_insight and post.is_visible
        ],
    )


class ReaderState(NamedTuple):
    """A member's own part of a topic page, read in one query."""

    last_read: int | None
    draft: str | None
    bookmarks: frozenset[int]  # post numbers on the page
    has_pending: bool  # posts awaiting approval on the page that they may see


def reader_state(user, topic: Topic, first: int, per_page: int) -> ReaderState:
    """One query: the member's read marker and reply draft in the topic, the posts on the
    page (numbers first+1 ... first+per_page) they bookmarked, and whether the page holds posts
    awaiting approval they may see (their own; a moderator: all; the caller has checked that
    they may see the topic).

    Plain SQL, one row per fact: building the same query with the ORM's subqueries took
    longer than running it, on every member's view of every topic page."""
    moderator = is_moderator(user)
    sql = f"""
        SELECT 'read', last_read_number, NULL FROM {ReadState._meta.db_table}
            WHERE user_id = %s AND topic_id = %s
        UNION ALL SELECT 'draft', NULL, body FROM {Draft._meta.db_table}
            WHERE user_id = %s AND key = %s
        UNION ALL SELECT 'bookmark', p.number, NULL FROM {Bookmark._meta.db_table} b
            JOIN {Post._meta.db_table} p ON p.id = b.post_id
            WHERE b.user_id = %s AND p.topic_id = %s AND p.number > %s AND p.number <= %s
        UNION ALL SELECT 'pending', MIN(p.number), NULL FROM {Post._meta.db_table} p
            WHERE p.topic_id = %s AND p.is_pending AND p.number > %s AND p.number <= %s
            {"" if moderator else "AND p.author_id = %s"} HAVING COUNT(*) > 0
    """  # noqa: S608 - table names from the models, every value a parameter
    last = first + per_page
    params = [user.pk, topic.pk, user.pk, f"reply:{topic.pk}", user.pk, topic.pk, first, last]
    params += [topic.pk, first, last] + ([] if moderator else [user.pk])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    last_read = next((number for kind, number, _body in rows if kind == "read"), None)
    draft = next((body for kind, _number, body in rows if kind == "draft"), None)
    return ReaderState(
        last_read=last_read,
        draft=draft,
        bookmarks=frozenset(number for kind, number, _body in rows if kind == "bookmark"),
        has_pending=any(kind == "pending" for kind, _number, _body in rows),
    )


def pending_posts(page, user, topic: Topic, first: int, per_page: int) -> SharedPosts | None:
    """The posts awaiting approval on the page that `user` may see, rendered for them alone."""
    posts = list(
        filter_visible_posts(
            user,
            _posts(topic).filter(is_pending=True, number__gt=first, number__lte=first + per_page),
        ).order_by("number")
    )
    return render_shared(page, topic, posts) if posts else None
