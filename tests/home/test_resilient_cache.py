"""The Redis cache goes on without Redis (config.cache): misses and dropped writes, no errors."""

import pytest

from config.cache import ResilientRedisCache


def test_without_redis_reads_miss_writes_are_dropped_and_nothing_raises():
    # A port nothing listens on: every connection is refused at once.
    cache = ResilientRedisCache("redis://127.0.0.1:9/0", {"KEY_PREFIX": "t"})
    assert cache.get("token", "missing") == "missing"
    cache.set("token", "abc")
    assert cache.add("token", "abc") is False
    assert cache.get_many(["token"]) == {}
    assert cache.has_key("token") is False
    cache.delete_many(["token"])
    with pytest.raises(ValueError):
        cache.incr("hits")
    assert cache.get_or_set("token", "fresh") == "fresh"
