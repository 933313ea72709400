"""Live posts to N websocket readers of one topic, across two uvicorn processes sharing Redis.

For N in SIZES, N anonymous readers connect (alternately to either process) and resync; then
POSTS replies are made with an HTTP POST to the first process, one at a time. Each post's
latency per reader is the time from sending the POST until that reader has the post; a reader
that has not got it within MISS_AFTER seconds counts as missed. Measured once with each of
channels-redis' layers: RedisChannelLayer (a list per consumer, one Lua script per group send)
and RedisPubSubChannelLayer (one Redis PUBLISH per group send, fanned out by each process).
The "requests/s" column is deliveries per second of the measuring window.
BENCH_WS_LAYERS=pubsub measures one layer only. The readers all run in this one process, on
uvloop when installed, each simply awaiting its next frame.

Goal (issue 5): 1,000 readers, p99 under 250 ms, none missed. Measured 2026-11-28 on this
2-CPU machine, shared with other work (load average 6.1 at the start, 4.2 at the end),
`BENCH_WS_LAYERS=pubsub .venv/bin/python bench/run.py websockets`:

    benchmark                 requests/s  p50 ms  p99 ms  notes
    websockets pubsub N=100        169.4   74.93   87.09  0 of 500 deliveries missed; 5 posts
    websockets pubsub N=500        823.5   76.97  125.27  0 of 2500 deliveries missed; 5 posts
    websockets pubsub N=1000      1575.7   77.41  144.81  0 of 5000 deliveries missed; 5 posts

The same day before the changes below (load 4.7 to 6.5): N=1000 p50 329 ms, p99 980 ms. What
made the difference: a consumer no longer hops to Channels' one shared sync thread
(`aclose_old_connections`) for every message it handles, an anonymous reader's socket sends the
frame text the broadcaster encoded once per process, the broadcaster's group sends reach the
event loop in one hop, and this client no longer polls 1,000 sockets with timeouts. The p50 is
now mostly the reply's own HTTP POST (N=100 is about as fast as N=1000).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import redis
import websockets
from websockets.typing import Origin

from bench.common import ROOT, BenchError, LoadResult, Report, prepared_site, serve

SIZES = (100, 500, 1000)
POSTS = 5
MISS_AFTER = 10.0
LAYERS = {
    "redis": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}

SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import translation
from community import actions
from community.models import BespreekpuntPage
from tests.factories import make_member
member = make_member(USERNAME, display_name="Bench Lezer")
page = BespreekpuntPage.objects.live().filter(locale__language_code="nl").first()
topic = actions.check_create_topic(member, page, title=USERNAME, body="Start")
session = SessionStore()
session[SESSION_KEY] = str(member.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = member.get_session_auth_hash()
session.save()
with translation.override("nl"):
    reply = topic.subpage_url("reply")
print(json.dumps({"topic": topic.pk, "session": session.session_key, "reply": reply, "count": 1}))
"""


def run(report: Report) -> None:
    env = dict(prepared_site(report.workdir))
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        raise BenchError(f"websockets bench needs Redis at {env['REDIS_URL']}: {error}") from None
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    # BENCH_WS_LAYERS=pubsub measures one layer only (comma-separated names of LAYERS).
    chosen = os.environ.get("BENCH_WS_LAYERS", ",".join(LAYERS)).split(",")
    for name, backend in LAYERS.items():
        if name not in chosen:
            continue
        layer_env = _layer_env(env, report.workdir, name, backend)
        site = _make_topic(layer_env, f"bench-ws-{name}")
        with (
            serve(layer_env, report.workdir, workers=1) as first,
            serve(layer_env, report.workdir, workers=1) as second,
        ):
            for size in SIZES:
                result, missed = _run(_measure(first, second, site, size))
                print(
                    f"bench: websockets {name} N={size}: p50 {result.p50_ms:.1f} ms, "
                    f"p99 {result.p99_ms:.1f} ms, {missed} missed",
                    file=sys.stderr,
                    flush=True,
                )
                report.add(
                    f"websockets {name} N={size}",
                    result,
                    f"{missed} of {size * POSTS} deliveries missed; {POSTS} posts",
                )
    report.notes.append(
        "websockets: 2 uvicorn processes (1 worker each), Redis channel layer, anonymous readers "
        "split over both, latency from sending the reply's HTTP POST to the reader's frame"
    )


def _run(coroutine):
    """asyncio.run on uvloop when installed, as uvicorn's servers run: the one client process
    reads every socket, and should not be what the bench measures."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def _layer_env(env: dict[str, str], workdir: Path, name: str, backend: str) -> dict[str, str]:
    # A settings module per layer, so the servers run production settings with one change.
    module = f"bench_ws_{name}"
    (workdir / f"{module}.py").write_text(
        "from bench.settings import *  # noqa: F403\n"
        "from bench.settings import CHANNEL_LAYERS\n"
        f"CHANNEL_LAYERS['default']['BACKEND'] = {backend!r}\n"
        # The bench member posts more often than a person may (and is new: no approval queue).
        "COMMUNITY_RATE_LIMITS = {}\n"
        "COMMUNITY_RATE_LIMITS_PER_IP = {}\n"
        "COMMUNITY_APPROVE_FIRST_POSTS = 0\n"
    )
    pythonpath = os.pathsep.join([str(workdir), str(ROOT), env.get("PYTHONPATH", "")])
    return {**env, "DJANGO_SETTINGS_MODULE": module, "PYTHONPATH": pythonpath.rstrip(os.pathsep)}


def _make_topic(env: dict[str, str], username: str) -> dict:
    # Each layer gets its own member and topic in the run's one database.
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", f"USERNAME = {username!r}\n{SETUP}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BenchError(f"creating the bench topic failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _reader(url: str, after: int, ready: asyncio.Event, arrivals: dict):
    # A browser sends its page's origin; the servers refuse sockets from any other.
    origin = Origin(url.replace("ws://", "http://").split("/ws/", 1)[0])
    async with websockets.connect(url, origin=origin, open_timeout=60, max_queue=None) as socket:
        await socket.send(json.dumps({"type": "hello", "after": after}))
        while json.loads(await socket.recv())["type"] != "synced":
            pass
        ready.set()
        # Reads until the measurement cancels the task; no timeouts to poll (1,000 sockets'
        # timers were a load of their own on the client).
        async for text in socket:
            now = time.perf_counter()
            frame = json.loads(text)
            if frame["type"] == "post" and frame["event"] == "post.created":
                arrivals.setdefault(frame["number"], []).append(now)


async def _measure(first: str, second: str, site: dict, size: int) -> tuple[LoadResult, int]:
    async with httpx.AsyncClient(
        base_url=first,
        cookies={"sessionid": site["session"], "csrftoken": "b" * 32},
        timeout=30,
    ) as client:
        after = site["count"]
        arrivals: dict[int, list[float]] = {}
        events = [asyncio.Event() for _ in range(size)]
        path = f"/ws/nl/community/topic/{site['topic']}/"
        tasks = []
        for index, ready in enumerate(events):
            base = (first if index % 2 == 0 else second).replace("http://", "ws://")
            tasks.append(asyncio.create_task(_reader(base + path, after, ready, arrivals)))
            if index % 50 == 49:
                await asyncio.sleep(0.05)  # a burst of handshakes would measure the accept queue
        await asyncio.wait_for(asyncio.gather(*(event.wait() for event in events)), timeout=120)
        latencies: list[float] = []
        missed = 0
        # Post 0 warms up (first template renders, connections to Redis); it is not measured.
        for n in range(POSTS + 1):
            started = time.perf_counter()
            if n == 1:
                started_all = started
            response = await client.post(
                site["reply"],
                data={"body": f"Bench-bericht {size}-{n}", "csrfmiddlewaretoken": "b" * 32},
                headers={"Origin": first},
            )
            if response.status_code != 302:
                raise BenchError(f"posting answered {response.status_code}: {response.text[:300]}")
            number = after = site["count"] = after + 1
            deadline = started + MISS_AFTER
            while len(arrivals.get(number, [])) < size and time.perf_counter() < deadline:
                await asyncio.sleep(0.01)
            got = arrivals.get(number, [])
            if n:
                latencies += [arrived - started for arrived in got]
                missed += size - len(got)
            await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - started_all
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if not latencies:
        raise BenchError(f"no reader of {size} received any post")
    return LoadResult(latencies=latencies, elapsed=elapsed, errors=0), missed
