"""Concurrent registrations for one event: registrations per second and p50/p99 latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py registrations

Every client is a thread with its own database connection calling the registration action, the
same path a request takes after its form is valid: one short transaction that locks the event
row, counts the seats, inserts, and enqueues the email (database task backend, as production).
A quarter of the attempts get a seat, the rest join the waiting list; the run fails unless
exactly that many are confirmed. Rows: 1, the report's client count, and 4x as many clients.
Meaningful on PostgreSQL; on SQLite the writers queue on the database lock instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.common import ROOT, BenchError, LoadResult, Report, manage, site_env


def run(report: Report) -> None:
    env = {**site_env(report.workdir), "TASKS_BACKEND": "database"}
    manage(env, "migrate", "--no-input")
    database = env["DATABASE_URL"].split(":", 1)[0]
    attempts = max(report.requests // 4, 200)
    for clients in sorted({1, report.clients, report.clients * 4}):
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_registrations", str(attempts), str(clients)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise BenchError(f"registration worker failed:\n{done.stdout}\n{done.stderr}")
        data = json.loads(done.stdout.strip().splitlines()[-1])
        result = LoadResult(data["latencies"], data["elapsed"], data["errors"])
        report.add(
            f"register, {clients} concurrent",
            result,
            f"{attempts} attempts, {data['confirmed']} seats, {data['waitlisted']} waiting",
        )
    report.notes.append(
        f"registrations: action-level on {database}, one connection per client thread, "
        "row lock on the event, emails enqueued to the database task backend"
    )


def _worker(attempts: int, clients: int) -> dict:
    """Runs inside Django (own process): registers `attempts` members with `clients` threads."""
    import uuid
    from concurrent.futures import ThreadPoolExecutor
    from datetime import timedelta

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone
    from wagtail.models import Page

    from events import actions
    from events.models import EventIndexPage, EventPage, Registration

    run_id = uuid.uuid4().hex[:8]
    root = Page.get_first_root_node()
    index = root.add_child(instance=EventIndexPage(title="Bench", slug=f"bench-{run_id}"))
    start = timezone.now() + timedelta(days=30)
    seats = attempts // 4
    event = index.add_child(
        instance=EventPage(
            title="Bench", slug="event", kind="studiedag", start=start,
            end=start + timedelta(hours=2), registration_enabled=True, capacity=seats,
        )
    )  # fmt: skip
    user_model = get_user_model()
    user_model.objects.bulk_create(
        user_model(username=f"bench-{run_id}-{i}", email=f"bench-{run_id}-{i}@example.org")
        for i in range(attempts)
    )
    users = list(user_model.objects.filter(username__startswith=f"bench-{run_id}-"))

    def register(user) -> tuple[float, bool]:
        began = time.perf_counter()
        try:
            actions.check_register_member(user, event)
            ok = True
        except Exception:  # noqa: BLE001 - every failure counts as an error row
            ok = False
        finally:
            connections.close_all()
        return time.perf_counter() - began, ok

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        outcomes = list(pool.map(register, users))
    elapsed = time.perf_counter() - began
    statuses = Registration.objects.filter(event=event)
    confirmed = statuses.filter(status=Registration.Status.CONFIRMED).count()
    waitlisted = statuses.filter(status=Registration.Status.WAITLISTED).count()
    if confirmed != seats:
        raise SystemExit(f"capacity broken: {confirmed} confirmed for {seats} seats")
    index.delete()
    user_model.objects.filter(username__startswith=f"bench-{run_id}-").delete()
    return {
        "latencies": [latency for latency, ok in outcomes if ok],
        "elapsed": elapsed,
        "errors": sum(1 for _latency, ok in outcomes if not ok),
        "confirmed": confirmed,
        "waitlisted": waitlisted,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(_worker(int(sys.argv[1]), int(sys.argv[2]))))
