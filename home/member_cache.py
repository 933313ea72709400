"""A member's repeat view of a topic page, served from this process's memory when nothing it
shows has changed.

The anonymous page cache (community.cache) serves one copy to every visitor. A member's topic
page differs per member (their reactions, bookmarks, read marker, draft, watch level,
notification badge, CSRF token), so it cannot be shared; but a member who reloads, pages back
or returns to an unchanged topic gets exactly the bytes they got last time. This cache keeps
that copy per member and serves it, skipping routing, the thread query and rendering.

Protocol (why a member never sees a stale page): an entry is stored under (member, CSRF
secret, language, path) with the *inputs* of its rendering, read BEFORE the view read any data:
- the bespreekpunt and site tokens of the anonymous cache (every community write and every page
  publish replaces one) and the site shell's version (navigation, settings);
- everything the page reads about this member (`reader_inputs`): their groups, read marker,
  reply draft, bookmarks in the topic, watch levels and unread notification count.
A request is served from an entry only when all inputs read now equal the stored ones. A write
that raced the rendering changed an input after it was read, so that entry never matches.
A view that changes an input itself (marking posts read) makes its own entry miss once; the
next view stores a copy that then matches.

Moderators and admin users are never served from here (their pages carry tools and the
userbar); neither is a request with pending messages, nor a response that sets a cookie.
"""

import functools
import threading
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from community.cache import current_tokens, replayed, stored
from community.models import Bookmark, Draft, Post, ReadState
from community.notifications import unread_notification_count, watch_levels
from community.permissions import is_member, is_moderator
from home import shell_cache
from home.templatetags.site_tags import may_use_admin


class Entry(NamedTuple):
    scope: tuple[int, int]  # (bespreekpunt id, topic id)
    inputs: tuple
    status: int
    headers: list[tuple[str, str]]
    content: bytes


# (host, path) -> scope of the topic page there, learnt from any member's view of it, so that a
# member's first view can read its inputs before rendering and be kept.
_routes: OrderedDict[tuple[str, str], tuple[int, int]] = OrderedDict()
MAX_ROUTES = 10_000
# Copies kept per process: about 650 topic pages of 50 posts (~100 KB each).
MAX_BYTES = 64 * 1024 * 1024
_entries: OrderedDict[tuple, Entry] = OrderedDict()
_size = 0
_lock = threading.Lock()


@functools.cache
def _reader_sql() -> str:
    # One round trip for every per-member input. Bookmark ids only grow (AUTOINCREMENT on
    # SQLite, sequences on PostgreSQL), so (count, max id) changes with every add and remove.
    return f"""
        SELECT
          (SELECT last_read_number FROM {ReadState._meta.db_table}
            WHERE user_id = %(user)s AND topic_id = %(topic)s),
          (SELECT updated_at FROM {Draft._meta.db_table}
            WHERE user_id = %(user)s AND "key" = %(draft)s),
          (SELECT COUNT(*) FROM {Bookmark._meta.db_table} b JOIN {Post._meta.db_table} p
            ON p.id = b.post_id WHERE b.user_id = %(user)s AND p.topic_id = %(topic)s),
          (SELECT MAX(b.id) FROM {Bookmark._meta.db_table} b JOIN {Post._meta.db_table} p
            ON p.id = b.post_id WHERE b.user_id = %(user)s AND p.topic_id = %(topic)s)
    """  # noqa: S608 - table names from the models, values as parameters


def reader_inputs(request: HttpRequest, bespreekpunt_id: int, topic_id: int) -> tuple:
    """Everything a member's topic page is rendered from, besides the path: tokens first."""
    user = request.user
    tokens = current_tokens(bespreekpunt_id)
    params = {"user": user.pk, "topic": topic_id, "draft": f"reply:{topic_id}"}
    with connection.cursor() as cursor:
        cursor.execute(_reader_sql(), params)
        row = tuple(cursor.fetchone())
    # The watch form reads the member's cached levels, so the inputs do too.
    levels = watch_levels(user)
    return (
        tokens,
        shell_cache.version(),
        user.username,
        user.is_active,
        user.is_superuser,
        is_member(user),
        unread_notification_count(user),
        levels["t"].get(topic_id),
        levels["b"].get(bespreekpunt_id),
        row,
    )


def _may_be_served(request: HttpRequest) -> bool:
    """Whether this member's request may be answered from their copy (see the protocol)."""
    user = request.user
    return bool(
        CookieStorage.cookie_name not in request.COOKIES
        and SessionStorage.session_key not in request.session
        and not is_moderator(user)
        and not may_use_admin(user)
    )


def _route(request: HttpRequest) -> tuple[str, str]:
    return (request.get_host(), request.get_full_path())


def _key(request: HttpRequest) -> tuple:
    return (
        request.user.pk,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME),
        translation.get_language(),
        *_route(request),
    )


def _same_csrf_secret(request: HttpRequest) -> bool:
    # The page's forms carry tokens of the secret in the member's cookie; a rendering that made
    # a new secret (no cookie yet) is not kept, the key would not match its next request.
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return cookie is not None and request.META.get("CSRF_COOKIE") == cookie


def _get(key: tuple) -> Entry | None:
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
        return entry


def _put(key: tuple, entry: Entry) -> None:
    global _size
    with _lock:
        old = _entries.pop(key, None)
        if old is not None:
            _size -= len(old.content)
        _entries[key] = entry
        _size += len(entry.content)
        while _size > MAX_BYTES and _entries:
            _key_out, evicted = _entries.popitem(last=False)
            _size -= len(evicted.content)


def _learn_route(route: tuple[str, str], scope: tuple[int, int]) -> None:
    with _lock:
        _routes[route] = scope
        _routes.move_to_end(route)
        while len(_routes) > MAX_ROUTES:
            _routes.popitem(last=False)


def clear() -> None:
    """Forget every copy and route (tests)."""
    global _size
    with _lock:
        _entries.clear()
        _routes.clear()
        _size = 0


class MemberPageCacheMiddleware:
    """Serves a member's unchanged topic page again, before routing runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.method != "GET" or user is None or not user.is_authenticated:
            return self.get_response(request)
        route = _route(request)
        # Only paths known as topic pages get the member's checks and inputs; other pages pay
        # one dictionary lookup.
        scope = _routes.get(route)
        inputs = None
        if scope is not None and _may_be_served(request):
            key = _key(request)
            inputs = reader_inputs(request, *scope)
            if None in inputs[0]:
                # No tokens: the cache (Redis) is away, and with it the invalidations of
                # other processes' writes. Neither serve nor keep a copy until it is back.
                inputs = None
        if inputs is not None:
            entry = _get(key)
            if entry is not None and entry.scope == scope and entry.inputs == inputs:
                return replayed(entry.status, entry.headers, entry.content, "member-hit")
        response = self.get_response(request)
        rendered_scope = getattr(response, "community_member_scope", None)
        if rendered_scope is None or response.streaming:
            return response
        _learn_route(route, rendered_scope)
        if (
            inputs is not None
            and rendered_scope == scope
            and not response.cookies
            and _same_csrf_secret(request)
        ):
            _put(_key(request), Entry(rendered_scope, inputs, *stored(response)))
        return response
