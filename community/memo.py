"""Cheaper reads of the shared cache: tokens once per request, their values once per process.

Cached pages, fragments and shell values are kept under random tokens (community.cache,
home.shell_cache): a write replaces the token, so a value kept under a token never changes and
a token is never used again. Two things follow, and this module builds on both:

- Within one GET request, a token read a second time may give the first answer
  (`tokens`): the request read it before any data either way, so what it renders is kept
  under the older token, which a reader after the write no longer asks for. Replacing a token
  (`renew`) drops it here, so a request that writes reads its own write.
- A value read under a token may be kept in process memory (`LocalValues`) and handed out
  again without a round trip to the cache or unpickling: no later answer under that key can
  differ. Callers treat such values as read-only.

Outside a request (tasks, consumers, the shell) every token is read from the cache.
"""

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

_state = threading.local()


def _memo() -> dict[str, Any] | None:
    return getattr(_state, "tokens", None)


def tokens(keys: Iterable[str]) -> list[str | None]:
    """The tokens under `keys`, each made (a random one) when missing; None while the cache is
    away."""
    keys = list(keys)
    memo = _memo()
    known = {key: memo[key] for key in keys if key in memo} if memo is not None else {}
    missing = [key for key in keys if key not in known]
    if missing:
        found = cache.get_many(missing)
        for key in missing:
            value = found.get(key)
            if value is None:
                cache.add(key, uuid.uuid4().hex, None)
                value = cache.get(key)
            known[key] = value
            if memo is not None and value is not None:
                memo[key] = value
    return [known[key] for key in keys]


def renew(keys: Iterable[str]) -> None:
    """Replaces the tokens under `keys` with new random ones: what was kept under the old ones
    is never asked for again."""
    keys = list(keys)
    memo = _memo()
    if memo is not None:
        for key in keys:
            memo.pop(key, None)
    cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


class RequestMemoMiddleware:
    """Keeps a GET request's token reads for the rest of that request."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _state.tokens = {} if request.method in ("GET", "HEAD") else None
        try:
            return self.get_response(request)
        finally:
            _state.tokens = None


class LocalValues:
    """At most `size` values in this process's memory, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def __len__(self) -> int:
        return len(self._values)

    def set(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)


def through(
    local: LocalValues,
    key: str,
    build: Callable[[], Any],
    timeout: int,
    in_memory: Callable[[Any], Any] | None = None,
) -> Any:
    """The value under the token-bearing `key`: from process memory, else the shared cache,
    else `build()` (kept in both). `in_memory` turns the shared value into the form this
    process keeps (and returns), for what is worth preparing once per process."""
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        if in_memory is not None:
            value = in_memory(value)
        local.set(key, value)
    return value
