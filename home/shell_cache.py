"""Caches what the site shell reads on every page: navigation, language links, site settings.

These change only when editors publish, move or delete pages or save the settings, so the shell
keeps them in the Django cache under a version, a random token that such a change replaces. A
page served from the cache costs no query for the shell, and a value kept under a version never
changes, so each process also keeps the latest in its memory (community.memo).
"""

from collections.abc import Callable
from typing import TypeVar

from community import memo

VERSION_KEY = "home:shell:version"
TIMEOUT = 60 * 60 * 24
T = TypeVar("T")
VALUES = memo.LocalValues(256)


def version() -> str | None:
    """The current shell version (None while the cache is away); part of every cache key that
    depends on the shell."""
    return memo.tokens([VERSION_KEY])[0]


def cached(key: str, build: Callable[[], T]) -> T:
    """The value under `key` for the current shell version, built (and stored) when missing."""
    current = version()
    if current is None:
        return build()
    return memo.through(VALUES, f"home:shell:{current}:{key}", build, TIMEOUT)


def invalidate(*args, **kwargs) -> None:
    """Signal receiver: every cached shell value is stale from now on."""
    memo.renew([VERSION_KEY])
