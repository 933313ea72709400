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
- A bespreekpunt has more tokens, each for a part of its pages (`GUARDS`), which the events
  that cannot change that part leave alone: a like (`REACTIONS_ONLY`) changes only a post's
  reactions, an edit (`TEXT_ONLY`) only a post's text, a new post (`APPENDS`) no post before
  it (a page's rendering learns of it from the topic's post count). So after a like a topic
  page reads its reactions again, after an edit its posts, after a new post its topic row,
  and polls and consent rounds only after the writes that may change them.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from community import memo
from community.events import Event, event_published, event_written
from community.permissions import groups_cache_key

TIMEOUT = 60 * 60
# Fragments kept under tokens never change (community.memo): each process keeps the latest.
FRAGMENTS = memo.LocalValues(512)
SITE_TOKEN_KEY = "community:anon:site"  # noqa: S105 - a cache key, not a secret


def _scope_key(bespreekpunt_id: int) -> str:
    return f"community:anon:bp:{bespreekpunt_id}"


def hashed_key(prefix: str, value: str) -> str:
    """`prefix` and a digest of `value`: short and plain whatever a visitor put in the
    address, so no backend warns about (memcached: refuses) a long or odd key."""
    return f"{prefix}:{hashlib.sha256(value.encode()).hexdigest()}"


# Events whose write changes only a post's reactions (community.actions.do_react).
REACTIONS_ONLY = frozenset({"reaction.changed"})
# Events whose write changes only a post's text (community.actions.do_edit_post): no topic
# row, poll, consent round or amendment shows it.
TEXT_ONLY = frozenset({"post.edited"})
# Events whose write adds a post after the topic's others (community.actions.do_create_post):
# the renderings of the posts before it stay as they were. Which page gets the new post is
# told by the topic's post count, which its row shows (community.post_list keys a page's
# frame by how many posts it holds). A new post holds no poll or consent round yet.
APPENDS = frozenset({"post.created"})

# A bespreekpunt's tokens: what each guards, and the events whose writes leave it alone.
GUARDS = {
    "page": frozenset(),  # all its pages show
    "posts": REACTIONS_ONLY | APPENDS,  # its posts rendered without reactions
    "topic": REACTIONS_ONLY | TEXT_ONLY,  # a topic's row: title, tags, counts
    "decisions": REACTIONS_ONLY | TEXT_ONLY | APPENDS,  # polls, consent rounds, amendments
}


def _guard_key(bespreekpunt_id: int, guards: str) -> str:
    if guards not in GUARDS:
        raise ValueError(f"no token guards {guards!r}")
    return _scope_key(bespreekpunt_id) + ("" if guards == "page" else f":{guards}")


def _entry_key(request: HttpRequest) -> str:
    return hashed_key("community:anon:page", request.get_full_path())


def current_tokens(bespreekpunt_id: int, *, guards: str = "page") -> tuple[str | None, str | None]:
    """The (bespreekpunt, site) tokens, created when missing (None while the cache is away);
    the bespreekpunt's token is the one that `guards` a part of its pages (`GUARDS`)."""
    bp_token, site_token = memo.tokens([_guard_key(bespreekpunt_id, guards), SITE_TOKEN_KEY])
    return bp_token, site_token


def topic_page_tokens(bespreekpunt_id: int) -> tuple[tuple[str | None, str | None], str | None]:
    """`current_tokens` of a bespreekpunt and its "posts" token, in one round trip that also
    reads its other tokens for the rest of the request."""
    *found, site_token = memo.tokens(
        [*(_guard_key(bespreekpunt_id, g) for g in GUARDS), SITE_TOKEN_KEY]
    )
    tokens = dict(zip(GUARDS, found, strict=True))
    return (tokens["page"], site_token), tokens["posts"]


def invalidate(bespreekpunt_id: int | None = None, *, event: str | None = None) -> None:
    """Replaces the site's token, or a bespreekpunt's tokens: all of them, or those guarding
    what `event` may change."""
    if bespreekpunt_id is None:
        keys = [SITE_TOKEN_KEY]
    else:
        keys = [
            _guard_key(bespreekpunt_id, guards)
            for guards, left_alone_by in GUARDS.items()
            if event not in left_alone_by
        ]
    memo.renew(keys)


def cached_fragment(bespreekpunt_id: int | None, name: str, build, *, guards: str = "page"):
    """`build()`'s value, kept until the next write in that bespreekpunt (or, with None, until
    the next page publish): the same tokens as the page cache guard it, read before building.
    A fragment that is only a part of the pages (`guards`, one of `GUARDS`) outlives the
    writes that leave that part alone."""
    if bespreekpunt_id is None:
        tokens: tuple[int | str | None, ...] = (current_site_token(),)
    else:
        tokens = (bespreekpunt_id, *current_tokens(bespreekpunt_id, guards=guards))
    if None in tokens:
        return build()  # the cache is away: nothing can be kept safely
    key = ":".join(["community:fragment", name, *map(str, tokens)])
    return memo.through(FRAGMENTS, key, build, TIMEOUT)


def current_site_token() -> str | None:
    return memo.tokens([SITE_TOKEN_KEY])[0]


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
    invalidate(event.bespreekpunt_id, event=event.name)


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
