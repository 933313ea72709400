"""The real servers a fault test starts, stops and restarts: a PostgreSQL cluster of its own (in
a temporary directory, on a free port), a Redis server, an SMTP sink, the site under uvicorn and
the task worker. The machine's shared PostgreSQL and Redis are never touched.
"""

from __future__ import annotations

import contextlib
import email
import os
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

from bench.common import free_port, stop, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
SECRET_KEY = "faults-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF"  # noqa: S105


def missing_binaries() -> str | None:
    """Why the fault tests cannot run here, or None."""
    for binary in (PG_BIN / "initdb", PG_BIN / "pg_ctl"):
        if not binary.exists():
            return f"PostgreSQL's {binary} is not installed (set FAULTS_PG_BIN)"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, but runuser (to run PostgreSQL as postgres) is missing"
    return None


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: as root, run it as the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A throwaway cluster: trust auth, no fsync, on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.dir.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "-E", "UTF8", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                          str(self.dir / "server.log"), "-o", options, "-w", "-t", "60", *args]),
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        """A fast shutdown, as an operator's restart does: open sessions are cut off."""
        self._ctl("-m", "fast", "stop")

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(name), autocommit=True)

    def scalar(self, name: str, sql: str, params: tuple = ()) -> int:
        with self.connect(name) as conn:
            row = conn.execute(sql, params).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def column(self, name: str, sql: str) -> list:
        with self.connect(name) as conn:
            return [row[0] for row in conn.execute(sql)]

    def create_database(self, name: str, template: str | None = None) -> str:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    """redis-server on a free port; its snapshot survives a stop with save=True."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.dir), "--dbfilename", "dump.rdb",
        ]  # fmt: skip
        log = (self.dir / "redis.log").open("a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self, save: bool = False) -> None:
        """SHUTDOWN: the clients' connections drop; with save, the data comes back on start."""
        if self.process is None:
            return
        # The server closes the connection as it goes.
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis(port=self.port).shutdown(save=save, nosave=not save)
        self.process.wait(timeout=10)
        self.process = None


@dataclass
class Mail:
    message_id: str
    to: str
    subject: str


# The commands at which a test may kill the sender, by the stage its hook is told.
STAGES = {"MAIL": "mail", "RCPT": "rcpt"}


@dataclass
class SmtpSink:
    """An SMTP server that keeps every message it accepted (answered 250 to its data).

    `hook(stage, accepted)` runs when a message's conversation begins (stage "mail", at MAIL
    FROM), at its recipient (stage "rcpt", RCPT TO) and once its data has arrived, before the
    250 (stage "data"), with the number of messages accepted so far: a test kills the sender
    there. When it returns False the
    connection is dropped and the message is not accepted.
    """

    port: int = 0
    mails: list[Mail] = field(default_factory=list)
    hook: Callable[[str, int], bool] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())
                self.wfile.flush()

            def handle(self) -> None:
                self.reply("220 faults-sink ESMTP")
                while line := self.rfile.readline():
                    verb = line.decode("ascii", "replace").strip().upper()
                    if verb.startswith(("EHLO", "HELO")):
                        self.reply("250 faults-sink")
                    elif verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        self.receive_data()
                    elif verb[:4] in STAGES and not sink.allows(STAGES[verb[:4]]):
                        return
                    elif verb.startswith("QUIT"):
                        self.reply("221 bye")
                        return
                    else:  # MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

            def receive_data(self) -> None:
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                if line == b"":
                    return  # the sender went away before the end: nothing was accepted
                message = email.message_from_bytes(b"".join(lines))
                if not sink.allows("data"):
                    return
                self.reply("250 accepted")
                with sink._lock:
                    sink.mails.append(
                        Mail(message["Message-ID"] or "", message["To"] or "", message["Subject"])
                    )

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def allows(self, stage: str) -> bool:
        return self.hook is None or self.hook(stage, self.count()) is not False

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self) -> int:
        with self._lock:
            return len(self.mails)

    def duplicates(self) -> int:
        with self._lock:
            counts = Counter(mail.message_id for mail in self.mails)
        return sum(n - 1 for n in counts.values())


def site_env(workdir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (tests.faults.settings) for the site and worker processes."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def run_in_site(env: dict[str, str], call: str) -> dict:
    """Runs `call` (an expression of tests.faults.site) in a shell of the site; its JSON."""
    import json

    output = manage(env, "shell", "-c", f"import json; from tests.faults import site; "
                    f"print(json.dumps({call}))")  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


class Process:
    """A site or worker process whose output goes to a log file in the test's directory."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        with log_path.open("a") as log:
            self.popen = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye, as the kernel's OOM killer does it."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        if self.popen.poll() is None:
            stop(self.popen)

    def log(self) -> str:
        return self.log_path.read_text()


def start_site(env: dict[str, str], workdir: Path) -> tuple[Process, str]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
        "--port", str(port), "--lifespan", "off", "--no-access-log",
    ]  # fmt: skip
    site = Process(command, env, workdir / f"uvicorn-{port}.log")
    base_url = f"http://127.0.0.1:{port}"
    wait_until_healthy(base_url, site.popen, site.log_path, timeout=90)
    return site, base_url


def start_worker(env: dict[str, str], workdir: Path) -> Process:
    command = [
        sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay",
        "-v", "2",
    ]  # fmt: skip
    return Process(command, env, workdir / "worker.log")


class ElasticsearchStandIn:
    """Answers the two calls the site makes to send its pending search updates (does the index
    exist, a bulk request) the way Elasticsearch 9 does, and keeps the document ids it got.

    No Elasticsearch can be installed here: this stands in for the cluster coming back, so a
    test sees what the site sends then. Search requests are not answered.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.indexed: list[str] = []
        self.deleted: list[str] = []

    def start(self) -> None:
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self, status: int, body: dict | None = None) -> None:
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header(
                    "Content-Type", "application/vnd.elasticsearch+json;compatible-with=9"
                )
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
                self.answer(200)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                lines = [json.loads(line) for line in self.rfile.read(length).splitlines() if line]
                items = []
                for line in lines:
                    for action in ("index", "delete"):
                        if action in line:
                            target = stand_in.indexed if action == "index" else stand_in.deleted
                            target.append(line[action]["_id"])
                            items.append({action: {"_id": line[action]["_id"], "status": 200}})
                self.answer(200, {"took": 1, "errors": False, "items": items})

            do_PUT = do_POST  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
