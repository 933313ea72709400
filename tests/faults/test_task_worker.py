"""The task worker killed (SIGKILL) during a burst of 200 notification emails.

One post in a topic that 200 members watch queues 200 email tasks in the database. The worker
is killed three times: by the SMTP sink once mail 51's data has arrived and before the sink
answered (the mail is not accepted), by the sink as mail 121's conversation begins (the worker
holds the notification's lock), and by the sink at mail 161's recipient, in the middle of the
envelope. After each kill a new worker starts, puts the dead worker's task back in the queue
(home.worker) and goes on. Every member gets their mail exactly once.

The kills are made at points of the SMTP conversation, not when the test sees a mail counted:
the sink counts a mail as it answers 250, the one instant (before the worker's commit) where a
kill makes a second copy that no sender can avoid (README, "Faults").
"""

import time

import httpx
import pytest
from django_tasks_db.models import DBTaskResult

from community.models import Notification
from tests.faults.servers import SmtpSink, run_in_site, site_env, start_site, start_worker

pytestmark = pytest.mark.faults

WATCHERS = 200
NOTIFICATIONS = Notification._meta.db_table
TASKS = DBTaskResult._meta.db_table


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def test_every_email_goes_out_exactly_once_when_the_worker_is_killed(
    fault_postgres, fault_database, workdir, fault_report
):
    workers = []
    kills = []

    def kill_mid_conversation(stage: str, accepted: int) -> bool:
        if (stage, accepted, len(kills)) in (("data", 50, 0), ("mail", 120, 1)):
            workers[-1].kill()
            when = "before the sink accepted" if stage == "data" else "as it began"
            kills.append(f"mail {accepted + 1}: {when} (the sink killed it)")
            return False
        return True

    sink = SmtpSink(hook=kill_mid_conversation)
    sink.start()
    env = site_env(
        workdir,
        fault_database,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_TIMEOUT="10",
    )
    site_data = run_in_site(env, f"site.watched_topic({WATCHERS})")
    site, base_url = start_site(env, workdir)
    workers.append(start_worker(env, workdir))
    db_name = fault_database.rsplit("/", 1)[1]

    def sql(query: str) -> int:
        return fault_postgres.scalar(db_name, query)

    try:
        token = "f" * 32
        response = httpx.post(
            f"{base_url}{site_data['reply']}",
            data={"body": "Een bericht voor tweehonderd lezers", "csrfmiddlewaretoken": token},
            cookies={"sessionid": site_data["session"], "csrftoken": token},
            headers={"Origin": base_url},
            timeout=60,
        )
        assert response.status_code == 302, response.text[:500]

        for killed in (1, 2):
            wait_for(lambda: len(kills) == killed, 120, f"the sink's kill number {killed}")  # noqa: B023
            workers.append(start_worker(env, workdir))
        wait_for(lambda: sink.count() >= 160, 120, "160 mails")
        workers[-1].kill()
        kills.append(f"after {sink.count()} mails, at whatever it was doing (the test killed it)")
        workers.append(start_worker(env, workdir))

        def all_done() -> bool:
            pending = sql(f"SELECT COUNT(*) FROM {TASKS} WHERE status IN ('READY', 'RUNNING')")
            return pending == 0 and sink.count() >= WATCHERS

        wait_for(all_done, 120, "every email task to finish")
        time.sleep(1)  # a duplicate would arrive now
    finally:
        for process in (site, *workers):
            process.stop()
        sink.stop()

    notifications = sql(f"SELECT COUNT(*) FROM {NOTIFICATIONS}")
    marked = sql(f"SELECT COUNT(*) FROM {NOTIFICATIONS} WHERE emailed_at IS NOT NULL")
    requeued = sql(f"SELECT COUNT(*) FROM {TASKS} WHERE jsonb_array_length(worker_ids) > 1")
    expected = {
        f"<notification.{pk}@flexibelopleiden.example>"
        for pk in fault_postgres.column(db_name, f"SELECT id FROM {NOTIFICATIONS}")
    }
    received = {mail.message_id for mail in sink.mails}
    fault_report.add("posts written", 1)
    fault_report.add("notifications (emails to send)", notifications)
    for kill in kills:
        fault_report.add("task worker killed (SIGKILL)", kill)
    fault_report.add("tasks requeued by the next worker", requeued)
    fault_report.add("emails sent", sink.count())
    fault_report.add("notifications marked emailed", marked)
    fault_report.add("duplicates", sink.duplicates())
    fault_report.add("lost", len(expected - received))
    assert notifications == WATCHERS
    assert len(kills) == 3
    assert requeued >= 2
    assert received == expected
    assert sink.duplicates() == 0
    assert sink.count() == marked == WATCHERS
