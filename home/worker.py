"""Tasks left behind by a task worker that died (killed, out of memory, its machine restarted).

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so a
worker that dies mid-task leaves it RUNNING forever: the email or index update is lost. Our
`db_worker` (home/management/commands/db_worker.py) names each worker "<host>:<pid>:<random>"
and, when it starts, puts back in the queue every RUNNING task whose worker is certainly gone:
one of this host whose process no longer runs (or whose pid is now this very process, as in a
restarted container), or one of any host running longer than TASKS_RUNNING_TIMEOUT.

A task may therefore run again after it did part of its work: tasks must be idempotent. The
notification email locks its notification and marks it in the transaction it sends in
(community.emails), the digest does the same with the member's profile, and index updates
write the same rows again.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HOST = socket.gethostname()[:40]


def new_worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{get_random_string(12)}"


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return True  # a worker with this pid before us (a restarted container) is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False


def _is_orphan(task: DBTaskResult, worker_id: str, stale_before) -> bool:
    claimant = task.worker_ids[-1] if task.worker_ids else ""
    if claimant == worker_id:
        return False
    host, _sep, rest = claimant.partition(":")
    pid = rest.partition(":")[0]
    if host == HOST and pid.isdigit() and _process_gone(int(pid)):
        return True
    return task.started_at is not None and task.started_at < stale_before


def requeue_orphaned_tasks(worker_id: str) -> int:
    """Puts the RUNNING tasks of dead workers back in the queue; how many."""
    timeout = timedelta(seconds=getattr(settings, "TASKS_RUNNING_TIMEOUT", 3600))
    stale_before = timezone.now() - timeout
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    orphans = [
        task.pk
        for task in running.only("pk", "worker_ids", "started_at")
        if _is_orphan(task, worker_id, stale_before)
    ]
    if orphans:
        DBTaskResult.objects.filter(pk__in=orphans, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("requeued %d task(s) of workers that died", len(orphans))
    return len(orphans)
