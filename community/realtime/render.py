"""Server-side rendering of posts for the sockets, with the include the topic page uses.

There is one rendering of a post: `community/includes/post.html`, fed by the same
shared rendering and overlay as the topic page (community.post_list, community.overlay). What a
reader may see is decided there and in the template (deleted and hidden posts render as
placeholders), so a socket never carries more than the page would show the same reader.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import translation

from community.models import BespreekpuntPage, Bookmark, Post, Topic
from community.overlay import Reader, overlay
from community.permissions import filter_visible_posts, is_member, is_moderator
from community.post_list import facts_of, render_each
from community.templatetags.community_posts import MARKER

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def page_for_language(root: BespreekpuntPage, language: str) -> BespreekpuntPage:
    """The bespreekpunt page serving `language` (its URLs go in the HTML); the root if none."""
    if language == root.locale.language_code:
        page = root
    else:
        page = (
            BespreekpuntPage.objects.live()
            .filter(translation_key=root.translation_key, locale__language_code=language)
            .first()
            or root
        )
    page._discussion_page = root
    return page


def _request(user, language: str, csrf_cookie: str | None) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.user = user
    request.LANGUAGE_CODE = language
    if csrf_cookie:
        # {% csrf_token %} masks the secret of the reader's own cookie, so forms in a post
        # rendered for a member submit like forms on the page they loaded.
        request.META["CSRF_COOKIE"] = csrf_cookie
    return request


def render_posts(
    topic: Topic,
    posts: list[Post],
    *,
    language: str,
    user=None,
    csrf_cookie: str | None = None,
) -> list[tuple[int, str]]:
    """(number, html of the <li>) for each post as `user` (anonymous if None) sees it."""
    user = user or AnonymousUser()
    root = topic.bespreekpunt
    with translation.override(language):
        page = page_for_language(root, language)
        parts = render_each(page, topic, posts)
        member = is_member(user)
        moderator = is_moderator(user)
        reader = Reader(
            user_id=user.pk,
            member=member,
            moderator=moderator,
            can_reply=member and (not topic.is_closed or moderator),
            topic_author_id=topic.author_id,
            topic_closed=topic.is_closed,
            # Live posts are not marked unread: the reader sees them arrive.
            last_read=None,
            bookmarks=frozenset(p.number for p in posts if getattr(p, "is_bookmarked", False)),
            csrf=get_token(_request(user, language, csrf_cookie))
            if user.is_authenticated and csrf_cookie
            else "",
        )
        return [
            (post.number, overlay(html, MARKER, reader, {post.number: facts_of(post)}))
            for post, html in zip(posts, parts, strict=True)
        ]


def posts_for(user, topic: Topic):
    """The topic's posts with what rendering reads, and the reader's bookmarks when a member.
    Posts awaiting approval only for their author and moderators (None: an anonymous reader)."""
    posts = filter_visible_posts(user, Post.objects.filter(topic=topic)).select_related(
        "author__profile", "reply_to__author__profile"
    )
    if user is not None and user.is_authenticated:
        posts = posts.annotate(
            is_bookmarked=Exists(Bookmark.objects.filter(user=user, post=OuterRef("pk")))
        )
    return posts.order_by("number")
