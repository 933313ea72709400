"""Who is reading a topic and who is writing a reply, shared by every server process.

An entry belongs to one socket (its channel name) and expires PRESENCE_TIMEOUT seconds after
its last heartbeat, so a tab closed without a goodbye, or a server process that died, drops out
within seconds. With REDIS_URL set the entries live in one Redis hash per topic (all processes
see them); without it, in this process's memory (the embedded default runs one process).
"""

import asyncio
import json
import time
import weakref
from typing import Any, Protocol

from django.conf import settings

from community.realtime.protocol import PRESENCE_TIMEOUT

Snapshot = dict[str, list[str]]


class PresenceStore(Protocol):
    async def touch(self, topic_id: int, key: str, user_id: int, name: str, state: str) -> None: ...

    async def leave(self, topic_id: int, key: str) -> None: ...

    async def entries(self, topic_id: int) -> list[dict[str, Any]]: ...


def summarise(entries: list[dict[str, Any]]) -> Snapshot:
    """Names reading and writing; a member writing in one tab and reading in another writes."""
    states: dict[int, tuple[str, str]] = {}
    for entry in entries:
        user_id, name, state = entry["u"], entry["n"], entry["s"]
        if states.get(user_id, ("", ""))[1] != "writing":
            states[user_id] = (name, state)
    writing = sorted(name for name, state in states.values() if state == "writing")
    reading = sorted(name for name, state in states.values() if state != "writing")
    return {"reading": reading, "writing": writing}


class MemoryPresence:
    def __init__(self) -> None:
        self._topics: dict[int, dict[str, dict[str, Any]]] = {}

    async def touch(self, topic_id: int, key: str, user_id: int, name: str, state: str) -> None:
        entry = {"u": user_id, "n": name, "s": state, "t": time.time() + PRESENCE_TIMEOUT}
        self._topics.setdefault(topic_id, {})[key] = entry

    async def leave(self, topic_id: int, key: str) -> None:
        self._topics.get(topic_id, {}).pop(key, None)

    async def entries(self, topic_id: int) -> list[dict[str, Any]]:
        now = time.time()
        live = {k: e for k, e in self._topics.get(topic_id, {}).items() if e["t"] > now}
        if live:
            self._topics[topic_id] = live
        else:
            self._topics.pop(topic_id, None)
        return list(live.values())


class RedisPresence:
    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        # redis.asyncio connections belong to the event loop that opened them.
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )

    def _client(self):
        import redis.asyncio

        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = redis.asyncio.Redis.from_url(self.url)
        return client

    def _key(self, topic_id: int) -> str:
        return f"{self.prefix}:presence:{topic_id}"

    async def touch(self, topic_id: int, key: str, user_id: int, name: str, state: str) -> None:
        entry = {"u": user_id, "n": name, "s": state, "t": time.time() + PRESENCE_TIMEOUT}
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.hset(self._key(topic_id), key, json.dumps(entry))
            # The whole hash goes when nobody has touched the topic for a while.
            pipe.expire(self._key(topic_id), PRESENCE_TIMEOUT * 2)
            await pipe.execute()

    async def leave(self, topic_id: int, key: str) -> None:
        await self._client().hdel(self._key(topic_id), key)

    async def entries(self, topic_id: int) -> list[dict[str, Any]]:
        raw = await self._client().hgetall(self._key(topic_id))
        now = time.time()
        live, expired = [], []
        for key, value in raw.items():
            entry = json.loads(value)
            (live if entry["t"] > now else expired).append(entry if entry["t"] > now else key)
        if expired:
            await self._client().hdel(self._key(topic_id), *expired)
        return live


def _make_store() -> PresenceStore:
    layer: dict[str, Any] = settings.CHANNEL_LAYERS["default"]
    if "redis" in layer["BACKEND"].lower():
        config: dict[str, Any] = layer.get("CONFIG", {})
        host = config["hosts"][0]
        url = host if isinstance(host, str) else host["address"]
        return RedisPresence(url, config.get("prefix", "asgi"))
    return MemoryPresence()


_store: PresenceStore | None = None


def store() -> PresenceStore:
    global _store
    if _store is None:
        _store = _make_store()
    return _store


async def snapshot(topic_id: int) -> Snapshot:
    return summarise(await store().entries(topic_id))
