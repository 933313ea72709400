"""PostgreSQL restarted while members post and read.

Four members post a reply and read the topic in a loop against the site (uvicorn, production
settings, the connection pool). The test's own cluster is stopped (a fast shutdown cuts every
session) for a few seconds and started again. While it is down every request gets the friendly
503 page in Dutch within the pool's timeout, none hangs; once it is back the pool reconnects by
itself and every post that was acknowledged is in the database.
"""

import asyncio
import threading
import time

import pytest

from community.models import Post
from tests.faults.load import Load
from tests.faults.servers import run_in_site, site_env, start_site

pytestmark = pytest.mark.faults

DOWN_SECONDS = 5
# The pool waits 5 seconds for a connection (DATABASE_POOL_TIMEOUT), then the 503 goes out.
HANG_LIMIT = 12


def test_a_postgres_restart_answers_503_and_the_pool_recovers(
    fault_postgres, fault_database, workdir, fault_report
):
    env = site_env(workdir, fault_database)
    data = run_in_site(env, "site.members_and_topic(4)")
    site, base_url = start_site(env, workdir)
    load = Load(base_url, data["reply"], data["url"], data["sessions"], timeout=HANG_LIMIT + 8)
    runner = threading.Thread(target=asyncio.run, args=(load.run(),))
    recovered_at = None
    try:
        runner.start()
        time.sleep(3)
        down_at = time.monotonic()
        fault_postgres.stop()
        time.sleep(DOWN_SECONDS)
        fault_postgres.start()
        up_at = time.monotonic()
        deadline = up_at + 60
        while recovered_at is None and time.monotonic() < deadline:
            time.sleep(0.1)
            recovered_at = next(
                (a.started for a in load.between(up_at, deadline) if a.status == 200), None
            )
        time.sleep(3)
    finally:
        load.running = False
        runner.join(timeout=60)
        site.stop()
    assert recovered_at is not None, f"no page served within 60s after the restart\n{site.log()}"

    db_name = fault_database.rsplit("/", 1)[1]
    bodies = fault_postgres.column(db_name, f"SELECT body FROM {Post._meta.db_table}")
    saved = set(bodies)
    answers = load.answers
    acknowledged = [a for a in answers if a.kind == "post" and a.status == 302]
    refused = [a for a in answers if a.status == 503]
    during = load.between(down_at, up_at)
    after = load.between(recovered_at, time.monotonic())
    others = sorted({a.status for a in answers} - {200, 302, 503})
    fault_report.add("requests", len(answers))
    fault_report.add("PostgreSQL down (fast shutdown, then start)", f"{DOWN_SECONDS} s")
    fault_report.add("requests while it was down", len(during))
    fault_report.add("answered 503 (friendly page, Dutch)", len(refused))
    unexpected = [a for a in answers if a.status in others]
    fault_report.add("answered otherwise or not at all", len(unexpected))
    fault_report.add("slowest answer", f"{max(a.seconds for a in answers):.1f} s")
    fault_report.add("pool recovered after the restart", f"{recovered_at - up_at:.1f} s")
    fault_report.add("posts written (acknowledged)", len(acknowledged))
    fault_report.add("posts found afterwards", len([a for a in acknowledged if a.body in saved]))
    refused_saved = [a for a in refused if a.body in saved]
    fault_report.add("posts refused with 503 yet saved", len(refused_saved))
    fault_report.add("duplicates", len(bodies) - len(saved))
    fault_report.add("lost", len([a for a in acknowledged if a.body not in saved]))

    assert others == [], f"unexpected answers {others}\n{site.log()[-3000:]}"
    assert max(a.seconds for a in answers) < HANG_LIMIT
    assert refused and any(a in refused for a in during)
    for answer in refused:
        assert "Even niet bereikbaar" in answer.text
        assert answer.retry_after == "30"
    assert after and all(a.status in (200, 302) for a in after)
    assert acknowledged and all(a.body in saved for a in acknowledged)
    assert len(bodies) == len(saved)
