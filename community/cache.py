"""Anonymous readers of bespreekpunt and topic pages are served from the cache, like Discourse.

Protocol (why no reader ever sees a stale page):
- Each bespreekpunt has a version token in the cache. A view that renders for an anonymous
  reader reads the token BEFORE it reads any data and tags its response with it.
- Every community write publishes an event after commit; on that event the bespreekpunt's token
  is replaced by a fresh random one (and once already during the write, see
  `_on_community_event`). Publishing or unpublishing any page replaces a site-wide
  token. Tokens are random, so an evicted token can never make an old entry valid again.
- `AnonymousPageCacheMiddleware` stores tagged responses by path and serves an entry only when
  both tokens still match. A render that raced a write carries the old token and is never served.
"""

import hashlib
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from community.events import Event, event_published, event_written
from community.permissions import groups_cache_key

TIMEOUT = 60 * 60
SITE_TOKEN_KEY = "community:anon:site"  # noqa: S105 - a cache key, not a secret


def _scope_key(bespreekpunt_id: int) -> str:
    return f"community:anon:bp:{bespreekpunt_id}"


def hashed_key(prefix: str, value: str) -> str:
    """`prefix` and a digest of `value`: short and plain whatever a visitor put in the
    address, so no backend warns about (memcached: refuses) a long or odd key."""
    return f"{prefix}:{hashlib.sha256(value.encode()).hexdigest()}"


def _entry_key(request: HttpRequest) -> str:
    return hashed_key("community:anon:page", request.get_full_path())


def current_tokens(bespreekpunt_id: int) -> tuple[str, str]:
    """The (bespreekpunt, site) tokens, created when missing."""
    keys = [_scope_key(bespreekpunt_id), SITE_TOKEN_KEY]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, uuid.uuid4().hex, None)
            token = cache.get(key)
        tokens.append(token)
    return tokens[0], tokens[1]


def invalidate(bespreekpunt_id: int | None = None) -> None:
    key = SITE_TOKEN_KEY if bespreekpunt_id is None else _scope_key(bespreekpunt_id)
    cache.set(key, uuid.uuid4().hex, None)


def cached_fragment(bespreekpunt_id: int | None, name: str, build):
    """`build()`'s value, kept until the next write in that bespreekpunt (or, with None, until
    the next page publish): the same tokens as the page cache guard it, read before building."""
    if bespreekpunt_id is None:
        token = current_site_token()
        key = f"community:fragment:{name}:{token}"
    else:
        bp_token, site_token = current_tokens(bespreekpunt_id)
        key = f"community:fragment:{name}:{bespreekpunt_id}:{bp_token}:{site_token}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def current_site_token() -> str:
    token = cache.get(SITE_TOKEN_KEY)
    if token is None:
        cache.add(SITE_TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(SITE_TOKEN_KEY)
    return token


def mark_cacheable(request: HttpRequest, response: HttpResponse, bespreekpunt_id: int, tokens):
    """Lets the middleware keep this anonymous response; `tokens` were read before the data."""
    if not request.user.is_authenticated and response.status_code == 200:
        response.community_cache_scope = (bespreekpunt_id, *tokens)  # type: ignore[attr-defined]
    return response


def is_anonymous_request(request: HttpRequest) -> bool:
    from django.conf import settings

    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def stored(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, content) of a response to keep, rendered first; never its cookies."""
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
    return response.status_code, headers, response.content


def replayed(status: int, headers: list[tuple[str, str]], content: bytes, hit: str) -> HttpResponse:
    """A kept response again, marked with X-Community-Cache: `hit`."""
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Community-Cache"] = hit
    return response


class AnonymousPageCacheMiddleware:
    """Serves cached pages to visitors without a session, before routing or sessions run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_request(request):
            return self.get_response(request)
        key = _entry_key(request)
        entry = cache.get(key)
        if entry is not None:
            bespreekpunt_id, bp_token, site_token, status, headers, content = entry
            found = cache.get_many([_scope_key(bespreekpunt_id), SITE_TOKEN_KEY])
            if found.get(_scope_key(bespreekpunt_id)) == bp_token and (
                found.get(SITE_TOKEN_KEY) == site_token
            ):
                return replayed(status, headers, content, "hit")
        response = self.get_response(request)
        scope = getattr(response, "community_cache_scope", None)
        if scope is not None and not response.cookies and not response.streaming:
            cache.set(key, (*scope, *stored(response)), TIMEOUT)
        return response


@receiver(event_written)
@receiver(event_published)
def _on_community_event(sender, event: Event, **kwargs) -> None:
    # After commit is what keeps readers fresh: a page rendered before the commit carries the
    # old token. Renewing it also during the write lets the writing transaction itself (and a
    # test that never commits) read the new state; a render in between sees the old committed
    # data under a token the commit replaces again, so it is never served after the write.
    invalidate(event.bespreekpunt_id)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    # Forward: one user's groups changed. Reverse: a group's users changed.
    user_ids = (pk_set or []) if reverse else [instance.pk]
    cache.delete_many([groups_cache_key(user_id) for user_id in user_ids])
    if reverse and action == "post_clear":
        cache.clear()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _on_page_change(sender, **kwargs) -> None:
    # Pages and view restrictions feed cached pages, links and restriction lookups.
    invalidate(None)
