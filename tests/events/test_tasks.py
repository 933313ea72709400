"""Each email task of the events app sends its message once, however often it runs: a worker
killed mid-task has its task queued again (home.worker, tests/faults/test_task_worker.py)."""

from types import SimpleNamespace

from django.core import mail

from events import actions, tasks


def run_of(task_id: str) -> SimpleNamespace:
    """The task context a worker passes: the same id on every run of one queued task."""
    return SimpleNamespace(task_result=SimpleNamespace(id=task_id))


def test_a_task_that_runs_again_sends_nothing_twice(event, member):
    registration = actions.check_register_member(member, event)
    assert len(mail.outbox) == 1  # the confirmation, sent by its own task
    mail.outbox.clear()
    run = run_of("een-taak-die-opnieuw-loopt")
    assert tasks.send_registration_email.func(run, registration.pk, "reminder") is True
    assert tasks.send_registration_email.func(run, registration.pk, "reminder") is False
    assert len(mail.outbox) == 1
    # Another task, with the same message even, is another sending.
    assert tasks.send_registration_email.func(run_of("nog-een"), registration.pk, "reminder")
    assert len(mail.outbox) == 2
