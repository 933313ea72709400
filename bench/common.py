"""Shared bench helpers: the report table, a prepared site, a uvicorn server and a load generator.

A benchmark module (bench/bench_<name>.py) exposes `run(report)`; it typically takes
`prepared_site(report.workdir)`, starts `serve(env, ...)` and adds `load(...)` results to the
report.
"""

from __future__ import annotations

import asyncio
import functools
import math
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
# Long enough for Django's deploy checks; it only ever signs the bench's own throwaway sessions.
DUMMY_SECRET_KEY = "bench-only-dummy-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105


class BenchError(RuntimeError):
    """The bench could not measure: the site failed to prepare, start or answer correctly."""


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile, interpolating linearly between the two nearest ranks.

    Same definition as numpy's default and statistics.quantiles(method="inclusive"), so p0 is the
    minimum, p100 the maximum and p50 the median.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be within 0..100, not {pct}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class LoadResult:
    """Latencies (seconds) of every measured request, the wall time they took, and failures."""

    latencies: list[float]
    elapsed: float
    errors: int

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.elapsed

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 99) * 1000


@dataclass(frozen=True)
class Row:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    notes: str = ""


@dataclass
class Report:
    """What every benchmark gets: the run's options, a scratch directory, and the rows it adds."""

    workdir: Path
    requests: int = 2000
    clients: int = 8
    workers: int = 2
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, result: LoadResult, notes: str = "") -> None:
        if result.errors:
            notes = f"{result.errors} FAILED requests; {notes}".rstrip("; ")
        self.rows.append(Row(name, result.requests_per_second, result.p50_ms, result.p99_ms, notes))


def format_table(rows: Sequence[Row]) -> str:
    """A plain-text table: names left-aligned, numbers right-aligned, one row per line."""
    header = ("benchmark", "requests/s", "p50 ms", "p99 ms", "notes")
    cells = [
        (
            row.name,
            f"{row.requests_per_second:.1f}",
            f"{row.p50_ms:.2f}",
            f"{row.p99_ms:.2f}",
            row.notes,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(4)]

    def line(values: Sequence[str]) -> str:
        name, *numbers, notes = values
        parts = [name.ljust(widths[0])]
        parts += [value.rjust(width) for value, width in zip(numbers, widths[1:], strict=True)]
        return "  ".join([*parts, notes]).rstrip()

    rule = "-" * len(line(header))
    return "\n".join([line(header), rule, *(line(values) for values in cells)])


def manage(env: dict[str, str], *args: str) -> None:
    """Run a management command quietly; its output is shown only when it fails."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def site_env(workdir: Path) -> dict[str, str]:
    """The production settings' environment for a local run over plain HTTP.

    DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL pass through when set, so the same bench measures
    PostgreSQL/Redis; otherwise the database is a fresh SQLite file in workdir.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": DUMMY_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    return env


@functools.cache
def prepared_site(workdir: Path) -> dict[str, str]:
    """Migrate, load the demo content and collect static files, once per run; returns the env."""
    env = site_env(workdir)
    for command in (
        ["compile_translations"],
        ["migrate", "--no-input"],
        ["load_demo"],
        ["collectstatic", "--no-input"],
    ):
        manage(env, *command)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    env: dict[str, str], workdir: Path, workers: int = 2, timeout: float = 120
) -> Iterator[str]:
    """Run uvicorn as production does (ASGI, several workers) on 127.0.0.1; yield its base URL.

    The server's output goes to a log in workdir and is shown if it fails to start.
    """
    port = free_port()
    log_path = workdir / f"uvicorn-{port}.log"
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--proxy-headers", "--lifespan", "off", "--no-access-log",
    ]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, server, log_path, timeout)
        yield base_url
    finally:
        stop(server)


@contextmanager
def serve_spread(env: dict[str, str], workdir: Path, workers: int = 2) -> Iterator[list[str]]:
    """`workers` uvicorn processes of one worker each, on ports of their own; yields their base
    URLs. A client spreads its connections over them (`load_async` with a list of URLs), as a
    load balancer in front of several stateless workers does.

    Why not `serve(workers=2)`: its workers share one listening socket, and the first to wake
    accepts every connection waiting, so the 8 kept-alive connections a row opens at once often
    all land on one process while the other idles (measured on 2026-12-04 with /proc: 0.9 CPU
    against 0.0 in two of four runs), and the row measures one worker instead of two.
    """
    with ExitStack() as stack:
        yield [stack.enter_context(serve(env, workdir, workers=1)) for _ in range(workers)]


def wait_until_healthy(
    base_url: str, server: subprocess.Popen[bytes], log_path: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"uvicorn exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    log = log_path.read_text()
    raise BenchError(f"{base_url}/healthz did not answer within {timeout}s:\n{log}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets uvicorn stop its workers; the process group is killed only if that hangs."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def sequential(client: httpx.Client, urls: Sequence[str], warmup: int = 20) -> LoadResult:
    """GET each url in turn after `warmup` of them, as one user searching would."""
    for url in urls[:warmup]:
        client.get(url, timeout=30)
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    for url in urls:
        began = time.perf_counter()
        status = client.get(url, timeout=30).status_code
        latencies.append(time.perf_counter() - began)
        errors += status != 200
    return LoadResult(latencies=latencies, elapsed=time.perf_counter() - started, errors=errors)


def add_p95_row(
    report: Report, name: str, result: LoadResult, shapes: Sequence[str], detail: str
) -> None:
    """A row judged on p95 against the 50 ms goal, and a note of p50/p95 per query shape
    (request n has shape shapes[n % len(shapes)])."""
    p95 = percentile(result.latencies, 95) * 1000
    verdict = "meets" if p95 < 50 else "MISSES"
    report.add(name, result, f"p95 {p95:.1f} ms ({verdict} the 50 ms goal); {detail}")
    by_shape = {
        shape: [t for n, t in enumerate(result.latencies) if shapes[n % len(shapes)] == shape]
        for shape in dict.fromkeys(shapes)
    }
    report.notes.append(
        f"{name.split(':')[0]} p50/p95 ms by shape: "
        + ", ".join(
            f"{shape} {percentile(values, 50) * 1000:.0f}/{percentile(values, 95) * 1000:.0f}"
            for shape, values in by_shape.items()
        )
    )


def load(url: str | Sequence[str], requests: int, clients: int, warmup: int = 200) -> LoadResult:
    """Send `warmup` and then `requests` GETs from `clients` concurrent connections; to one
    URL, or spread over one URL per server (client k sends to urls[k % len(urls)]).

    The first response must be a 200, so a broken page fails the bench instead of timing errors.
    Only the local server is ever loaded.
    """
    for target in [url] if isinstance(url, str) else url:
        if httpx.URL(target).host != "127.0.0.1":
            raise BenchError(f"the bench only loads servers on 127.0.0.1, not {target}")
        first = httpx.get(target, timeout=30)
        if first.status_code != 200:
            raise BenchError(f"GET {target} answered {first.status_code}: {first.text[:500]}")
    asyncio.run(load_async(url, warmup, clients))
    result = asyncio.run(load_async(url, requests, clients))
    if not result.latencies:
        raise BenchError(f"all {requests} requests to {url} failed")
    return result


async def load_async(
    url: str | Sequence[str],
    requests: int,
    clients: int,
    cookies: dict[str, str] | None = None,
    unique: bool = False,
) -> LoadResult:
    """`url` as in `load`; `unique`: each request gets its own query parameter, so no page cache
    can answer it."""
    urls = [url] if isinstance(url, str) else list(url)
    latencies: list[float] = []
    errors = 0
    # One shared iterator bounds the total: each client takes the next ticket until none are left.
    tickets = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30, cookies=cookies) as client:

        async def one_client(url: str) -> None:
            nonlocal errors
            for ticket in tickets:
                target = f"{url}{'&' if '?' in url else '?'}bench={ticket}" if unique else url
                started = time.perf_counter()
                try:
                    response = await client.get(target)
                except httpx.TransportError:
                    # A timeout or reset is a failed request, reported in the row's notes.
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(one_client(urls[k % len(urls)]) for k in range(clients)))
        elapsed = time.perf_counter() - started
    return LoadResult(latencies=latencies, elapsed=elapsed, errors=errors)
