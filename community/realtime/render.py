"""Server-side rendering of posts for the sockets, with the include the topic page uses.

There is one rendering of a post: `community/includes/post.html`, fed by the same
`build_post_rows` as the topic page. What a reader may see is decided there and in the template
(deleted and hidden posts render as placeholders), so a socket never carries more than the page
would show the same reader.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation

from community.models import BespreekpuntPage, Bookmark, Post, Topic
from community.permissions import filter_visible_posts, is_member, is_moderator
from community.views.context import build_post_rows, reply_url, topic_url

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
        request = _request(user, language, csrf_cookie)
        rows = build_post_rows(request, page, topic, posts)
        context = {
            "request": request,
            "user": user,
            "topic": topic,
            "topic_url": topic_url(page, topic),
            "reply_url": reply_url(page, topic),
            "can_reply": is_member(user) and (not topic.is_closed or is_moderator(user)),
            # Live posts are not marked unread: the reader sees them arrive.
            "last_read": topic.post_count + 1_000_000,
        }
        if user.is_authenticated and csrf_cookie:
            context["csrf_token"] = get_token(request)
        return [
            (
                row.post.number,
                render_to_string("community/includes/post.html", {**context, "row": row}),
            )
            for row in rows
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
