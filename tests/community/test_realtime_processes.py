"""Across processes: a reader on one uvicorn process sees a post made on another one.

Two ASGI servers share Redis (channel layer and presence) and one database: the PostgreSQL test
database when the suite runs on PostgreSQL, otherwise a temporary SQLite file both open. The
post is made with an HTTP POST to the second server's reply form, as a browser would.
"""

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import redis
import websockets
from django.conf import settings
from websockets.typing import Origin

from bench.common import free_port, stop, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def make_site() -> None:
    """Run in a subprocess with the servers' settings: a topic, a member and their session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import translation
    from wagtail.models import Locale, Page, Site

    from community import actions
    from community.models import BespreekpuntIndexPage, BespreekpuntPage
    from home.models import HomePage
    from tests.factories import make_member

    nl, _ = Locale.objects.get_or_create(language_code="nl")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Flexibel Opleiden", slug="home", locale=nl))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    index = home.add_child(instance=BespreekpuntIndexPage(title="Bespreekpunten", slug="bp"))
    page = index.add_child(
        instance=BespreekpuntPage(title="Leeruitkomsten", slug="lu", number=1, intro="<p>Intro</p>")
    )
    page.save_revision().publish()
    members = [
        make_member("marieke", display_name="Marieke de Vries"),
        make_member("jeroen", display_name="Jeroen Bakker"),
    ]
    topic = actions.check_create_topic(members[0], page, title="Over processen heen", body="Start")
    sessions = []
    for member in members:
        session = SessionStore()
        session[SESSION_KEY] = str(member.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.save()
        sessions.append(session.session_key)
    with translation.override("nl"):
        urls = {"reply": topic.subpage_url("reply"), "url": topic.get_absolute_url()}
    print(json.dumps({"topic": topic.pk, "session": sessions[0], "sessions": sessions, **urls}))


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def server_env(tmp_path: Path, *, with_redis: bool = True) -> dict[str, str]:
    """Test settings for uvicorn processes sharing this test's database (see the docstring)."""
    database = settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if with_redis:
        env["REDIS_URL"] = REDIS_URL
    if database["ENGINE"] == "django.db.backends.postgresql":
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or "5432"
        env["DATABASE_URL"] = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        manage(env, "migrate", "--no-input")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def site_in(env: dict[str, str]) -> dict:
    command = "from tests.community.test_realtime_processes import make_site; make_site()"
    return json.loads(manage(env, "shell", "-c", command).strip().splitlines()[-1])


def start_server(env: dict[str, str], tmp_path: Path):
    port = free_port()
    log_path = tmp_path / f"uvicorn-{port}.log"
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
        "--port", str(port), "--lifespan", "off", "--no-access-log",
    ]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_until_healthy(f"http://127.0.0.1:{port}", server, log_path, timeout=60)
    return server, port


async def first_post_frame(socket) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if frame["type"] == "post":
            return frame


def own(port: int) -> Origin:
    """The Origin a page of that server sends (a socket without one is refused)."""
    return Origin(f"http://127.0.0.1:{port}")


def test_a_post_made_on_one_server_reaches_a_reader_on_another(tmp_path):
    if not redis_reachable():
        pytest.skip(f"the cross-process test needs Redis at {REDIS_URL}")
    env = server_env(tmp_path)
    site = site_in(env)
    first, first_port = start_server(env, tmp_path)
    second, second_port = start_server(env, tmp_path)
    try:

        async def scenario() -> tuple[dict, dict]:
            path = f"/ws/nl/community/topic/{site['topic']}/"
            async with (
                websockets.connect(
                    f"ws://127.0.0.1:{first_port}{path}", origin=own(first_port)
                ) as reader,
                websockets.connect(
                    f"ws://127.0.0.1:{second_port}{path}", origin=own(second_port)
                ) as neighbour,
            ):
                for socket in (reader, neighbour):
                    await socket.send(json.dumps({"type": "hello", "after": 1}))
                    while json.loads(await socket.recv())["type"] != "synced":
                        pass
                token = "k" * 32
                async with httpx.AsyncClient(
                    base_url=f"http://127.0.0.1:{second_port}",
                    cookies={"sessionid": site["session"], "csrftoken": token},
                ) as client:
                    response = await client.post(
                        site["reply"],
                        data={"body": "Gepost via de tweede server", "csrfmiddlewaretoken": token},
                        headers={"Origin": f"http://127.0.0.1:{second_port}"},
                    )
                assert response.status_code == 302, response.text[:500]
                return await first_post_frame(reader), await first_post_frame(neighbour)

        # Its own loop in a worker thread: the Playwright harness may own this thread's loop.
        with ThreadPoolExecutor(max_workers=1) as pool:
            on_first, on_second = pool.submit(asyncio.run, scenario()).result()
    finally:
        stop(first)
        stop(second)
    assert on_first["number"] == 2
    assert on_first["event"] == "post.created"
    assert "Gepost via de tweede server" in on_first["html"]
    assert on_second["number"] == 2
