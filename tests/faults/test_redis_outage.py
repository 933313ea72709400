"""Redis stopped while members post and read, then started again with its old data.

Two site processes (uvicorn, production settings) share this test's own Redis (cache and
channel layer) and PostgreSQL. Members post through the first, readers read pages and follow the
topic over websockets on the second, as the site's JavaScript does: on every (re)connect they say
the last post they have. Redis is shut down with a snapshot, so it comes back holding the
cached pages and tokens of before the outage: the hard case for caches.

While Redis is away posts are still saved and pages are served from the database (never a
stale copy); when it is back the socket that stayed open resyncs by itself, the reader that
could not connect gets in, and both have every post.
"""

import asyncio
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest
import websockets
from websockets.typing import Origin

from community.models import Post
from tests.faults.load import TOKEN
from tests.faults.servers import RedisServer, run_in_site, site_env, start_site

pytestmark = pytest.mark.faults


@dataclass
class Reader:
    """A topic's websocket as the site's JavaScript keeps it: reconnect, hello, collect."""

    url: str
    origin: str
    seen: set[int] = field(default_factory=set)
    connects: int = 0
    failed_connects: int = 0
    running: bool = True

    async def run(self) -> None:
        while self.running:
            try:
                async with websockets.connect(
                    self.url,
                    origin=Origin(self.origin),
                    open_timeout=5,
                ) as socket:
                    after = max(self.seen, default=1)
                    await socket.send(json.dumps({"type": "hello", "after": after}))
                    self.connects += 1
                    while self.running:
                        try:
                            frame = json.loads(await asyncio.wait_for(socket.recv(), 0.3))
                        except TimeoutError:
                            continue
                        if frame["type"] == "post":
                            self.seen.add(frame["number"])
            except (OSError, TimeoutError, websockets.WebSocketException):
                self.failed_connects += 1
                await asyncio.sleep(0.5)


def wait_for(condition, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def test_redis_outage_loses_no_post_and_live_updates_resync(
    fault_postgres, fault_database, workdir, fault_report
):
    redis = RedisServer(workdir)
    redis.start()
    env = site_env(workdir, fault_database, REDIS_URL=redis.url)
    data = run_in_site(env, "site.members_and_topic(4)")
    writer, writer_url = start_site(env, workdir)
    reader_site, reader_url = start_site(env, workdir)
    socket_url = f"{reader_url.replace('http', 'ws')}/ws/nl/community/topic/{data['topic']}/"
    readers: list[Reader] = [Reader(socket_url, reader_url)]
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    members = [
        httpx.Client(
            base_url=writer_url,
            cookies={"sessionid": session, "csrftoken": TOKEN},
            headers={"Origin": writer_url},
            timeout=20,
        )
        for session in data["sessions"]
    ]
    # A member returning to a topic is sent on to their first unread post.
    member_reader = httpx.Client(
        base_url=reader_url,
        cookies={"sessionid": data["sessions"][1]},
        timeout=20,
        follow_redirects=True,
    )
    written: list[str] = []
    pages: Counter[str] = Counter()

    def post(phase: str) -> str:
        body = f"Bericht {len(written) + 2} ({phase})"
        member = members[len(written) % len(members)]
        response = member.post(data["reply"], data={"body": body, "csrfmiddlewaretoken": TOKEN})
        assert response.status_code == 302, response.text[:300]
        written.append(body)
        return body

    def read_pages(phase: str, newest: str) -> None:
        anonymous = httpx.get(f"{reader_url}{data['url']}", timeout=20)
        member = member_reader.get(data["url"])
        for response in (anonymous, member):
            assert response.status_code == 200, response.text[:300]
            pages[phase] += 1
            pages[f"{phase}_current"] += newest in response.text

    def all_numbers() -> set[int]:
        return set(range(2, len(written) + 2))

    try:
        futures = [asyncio.run_coroutine_threadsafe(readers[0].run(), loop)]
        wait_for(lambda: readers[0].connects == 1, 30, "the first reader to connect")
        for _ in range(3):
            read_pages("before", post("before"))
        wait_for(lambda: readers[0].seen >= all_numbers(), 20, "live posts before the outage")

        redis.stop(save=True)
        readers.append(Reader(socket_url, reader_url))
        futures.append(asyncio.run_coroutine_threadsafe(readers[1].run(), loop))
        outage_started = len(written)
        for _ in range(6):
            read_pages("outage", post("Redis weg"))
        during_outage = len(written) - outage_started
        seen_during_outage = set(readers[0].seen)

        redis.start()
        resync_seconds = wait_for(
            lambda: readers[0].seen >= all_numbers(), 30, "the open socket to resync"
        )
        read_pages("after", written[-1])
        for _ in range(3):
            read_pages("after", post("Redis terug"))
        wait_for(
            lambda: all(reader.seen >= all_numbers() for reader in readers),
            30,
            "both readers to have every post",
        )
    finally:
        for reader in readers:
            reader.running = False
        for future in futures:
            future.result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        for client in (*members, member_reader):
            client.close()
        writer.stop()
        reader_site.stop()
        redis.stop()

    db_name = fault_database.rsplit("/", 1)[1]
    bodies = fault_postgres.column(
        db_name, f"SELECT body FROM {Post._meta.db_table} WHERE number > 1"
    )
    fault_report.add("posts written (acknowledged)", len(written))
    fault_report.add("  of which while Redis was down", during_outage)
    fault_report.add("posts found afterwards", len(set(bodies) & set(written)))
    fault_report.add("pages served while Redis was down", pages["outage"])
    fault_report.add("  showing the newest post", pages["outage_current"])
    fault_report.add("pages served after it returned (old data)", pages["after"])
    fault_report.add("  showing the newest post", pages["after_current"])
    before = set(range(2, outage_started + 2))
    fault_report.add("open socket: posts seen during the outage", len(seen_during_outage - before))
    fault_report.add(
        "open socket: every post again (resync)", f"{resync_seconds:.1f} s after Redis answered"
    )
    fault_report.add("open socket: posts seen", f"{len(readers[0].seen)} of {len(written)}")
    fault_report.add(
        "late socket: refused while down, then in",
        f"{readers[1].failed_connects} refused, {len(readers[1].seen)} of {len(written)} posts",
    )
    fault_report.add("duplicates", len(bodies) - len(set(bodies)))
    fault_report.add("lost", len(set(written) - set(bodies)))

    assert sorted(bodies) == sorted(written)
    assert pages["outage_current"] == pages["outage"] == 2 * during_outage
    assert pages["after_current"] == pages["after"]
    assert all(reader.seen == all_numbers() for reader in readers)
