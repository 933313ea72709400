"""Django's Redis cache, made to survive Redis going away.

Everything kept in the cache can be rebuilt from the database (pages, fragments, tokens,
counts, rate-limit windows), so while Redis cannot be reached every read is a miss and every
write is dropped: pages are rendered from the database, rate limits let members through, and
nothing raises. After a failure Redis is left alone for RETRY_SECONDS, so an outage costs one
failed connection per second and process, not one per cache call.

What a process learnt about Redis (down until when, writes dropped) is kept per process, not
per cache object: Django makes a cache object per request. So are the connection pool and the
client (`SharedRedisCacheClient`): Django's own makes a client object on every call, which
was a tenth of a member's topic request.

A dropped write may have been an invalidation (a new token after a post), and Redis may come
back with its old data (a snapshot, a replica): a process that dropped a write therefore first
deletes every key of the cache's prefix when Redis answers again, before it reads anything, so
no page from before the outage is served as current.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
_MISSING = object()


@dataclass
class _Health:
    """What a process knows about one Redis: shared by the cache objects of every thread and
    request (Django makes one per request context)."""

    retry_at: float = 0.0
    dropped_writes: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


_health: dict[tuple[str, str], _Health] = {}
_health_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one Redis client per connection pool (both are thread-safe)."""

    def __init__(self, servers, **options) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        # Django's private helpers, which its stubs do not declare.
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


_clients: dict[tuple[str, str], SharedRedisCacheClient] = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._process_key = (str(server), self.key_prefix)
        with _health_lock:
            self._health = _health.setdefault(self._process_key, _Health())

    @cached_property
    def _cache(self) -> SharedRedisCacheClient:
        with _health_lock:
            client = _clients.get(self._process_key)
            if client is None:
                client = _clients[self._process_key] = SharedRedisCacheClient(
                    self._servers,  # type: ignore[attr-defined]
                    **self._options,  # type: ignore[attr-defined]
                )
        return client

    def _run(self, write: bool, default: Any, call):
        health = self._health
        if time.monotonic() < health.retry_at:
            if write:
                health.dropped_writes = True
            return default
        try:
            if health.dropped_writes:
                self._forget_everything()
            result = call()
        except RedisError as error:
            with health.lock:
                if not health.retry_at:
                    logger.warning("the cache cannot reach Redis, going on without it: %s", error)
                health.retry_at = time.monotonic() + RETRY_SECONDS
                if write:
                    health.dropped_writes = True
            return default
        if health.retry_at:
            health.retry_at = 0.0
            logger.warning("the cache reaches Redis again")
        return result

    def _forget_everything(self) -> None:
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        with self._health.lock:
            self._health.dropped_writes = False
        logger.warning("the cache dropped writes while Redis was away: its keys are deleted")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(True, False, lambda: RedisCache.add(self, key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._run(False, default, lambda: RedisCache.get(self, key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._run(True, None, lambda: RedisCache.set(self, key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(True, False, lambda: RedisCache.touch(self, key, timeout, version))

    def delete(self, key, version=None):
        return self._run(True, False, lambda: RedisCache.delete(self, key, version))

    def get_many(self, keys, version=None):
        return self._run(False, {}, lambda: RedisCache.get_many(self, keys, version))

    def has_key(self, key, version=None):
        return self._run(False, False, lambda: RedisCache.has_key(self, key, version))

    def incr(self, key, delta=1, version=None):
        value = self._run(True, _MISSING, lambda: RedisCache.incr(self, key, delta, version))
        if value is _MISSING:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(True, [], lambda: RedisCache.set_many(self, data, timeout, version))

    def delete_many(self, keys, version=None):
        self._run(True, None, lambda: RedisCache.delete_many(self, keys, version))

    def clear(self):
        return self._run(True, False, lambda: RedisCache.clear(self))
