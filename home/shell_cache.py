"""Caches what the site shell reads on every page: navigation, language links, site settings.

These change only when editors publish, move or delete pages or save the settings, so the shell
keeps them in the Django cache under a version number that such a change bumps. A page served
from the cache costs no query for the shell.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

VERSION_KEY = "home:shell:version"
TIMEOUT = 60 * 60 * 24
T = TypeVar("T")


def version() -> int:
    """The current shell version; part of every cache key that depends on the shell."""
    value = cache.get(VERSION_KEY)
    if value is None:
        value = 1
        cache.add(VERSION_KEY, value, None)
    return value


def cached(key: str, build: Callable[[], T]) -> T:
    """The value under `key` for the current shell version, built (and stored) when missing."""
    full_key = f"home:shell:{version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate(*args, **kwargs) -> None:
    """Signal receiver: every cached shell value is stale from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
