"""A websocket opens only from a page of the site's own hosts, on every settings module.

Settings are read when config.asgi is imported, so each case imports it in a fresh interpreter
with one settings module and environment, puts an always-accepting app behind the origin check
the settings built, and reports which handshakes got through.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dev

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = ["http://evil.example", "https://evil.example", "null", None]
PROBE = """
import asyncio, json, sys
from channels.testing import WebsocketCommunicator
from config.asgi import application

async def accept(scope, receive, send):
    await receive()
    await send({"type": "websocket.accept"})

application.application_mapping["websocket"].application = accept

async def opens(origin, host):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    communicator = WebsocketCommunicator(application, "/ws/nl/community/me/", headers=headers)
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected

async def main(cases):
    return [await opens(origin, host) for origin, host in cases]

print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
"""


def handshakes(settings: str, cases: list[tuple[str | None, str]], **environment: str) -> list:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": f"config.settings.{settings}",
        **environment,
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(cases)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


SETTINGS = {
    "dev, default": ("dev", {}, "http://127.0.0.1:8000"),
    "dev, served on 0.0.0.0": (
        "dev",
        {"ALLOWED_HOSTS": "127.0.0.1,localhost,[::1],schoolpc,192.168.1.20"},
        "http://192.168.1.20:8000",
    ),
    "test": ("test", {}, "http://testserver"),
    "production": (
        "production",
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "flexibelopleiden.example"},
        "https://flexibelopleiden.example",
    ),
    "production with a wildcard host": (
        "production",
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "flexibelopleiden.example,*"},
        "https://flexibelopleiden.example",
    ),
}


@pytest.mark.parametrize("case", SETTINGS)
def test_a_foreign_origin_is_refused_and_the_sites_own_accepted(case):
    settings, environment, own = SETTINGS[case]
    host = own.split("://", 1)[1]
    # A foreign page's handshake carries the site's own Host (the browser connects to it).
    cases = [(origin, host) for origin in FOREIGN] + [(own, host)]
    *foreign, accepted = handshakes(settings, cases, **environment)
    assert foreign == [False] * len(FOREIGN), dict(zip(FOREIGN, foreign, strict=True))
    assert accepted is True


def test_dev_settings_no_longer_accept_every_host():
    done = subprocess.run(
        [sys.executable, "-c", "from config.settings import dev; print(dev.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "['127.0.0.1', 'localhost', '[::1]']"


def test_serve_allows_the_host_it_is_started_for():
    assert dev.served_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]"]
    assert dev.served_hosts("192.168.1.20") == [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "192.168.1.20",
    ]
    assert dev.served_hosts("fe80::1")[-1] == "[fe80::1]"


def test_serve_on_all_interfaces_allows_the_machines_names_and_addresses(monkeypatch):
    monkeypatch.setattr(dev, "machine_hosts", lambda: ["schoolpc", "192.168.1.20", "fd00::2"])
    hosts = dev.served_hosts("0.0.0.0", "demo.example, *")  # noqa: S104
    assert hosts == [
        "127.0.0.1",
        "localhost",
        "[::1]",
        "demo.example",
        "schoolpc",
        "192.168.1.20",
        "[fd00::2]",
    ]
    assert "*" not in dev.served_hosts("::", "*")
