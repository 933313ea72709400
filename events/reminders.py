"""Reminders a configurable number of days before an event (EventPage.reminder_days)."""

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from events.models import EventPage, Registration


def send_due_reminders(now: datetime | None = None) -> int:
    """Queues one reminder per confirmed participant whose event starts within its reminder
    window; marks them first, so a second run (or a concurrent one) sends nothing again."""
    from events.tasks import send_registration_email

    now = now or timezone.now()
    sent = 0
    events = (
        EventPage.objects.filter(
            start__gt=now, reminder_days__gt=0, is_cancelled=False, registrations__isnull=False
        )
        .distinct()
        .only("id", "start", "reminder_days")
    )
    for event in events:
        if event.start - timedelta(days=event.reminder_days) > now:
            continue
        with transaction.atomic():
            due = list(
                Registration.objects.select_for_update(skip_locked=True)
                .filter(
                    event=event,
                    status=Registration.Status.CONFIRMED,
                    email_confirmed_at__isnull=False,
                    reminder_sent_at__isnull=True,
                )
                .values_list("pk", flat=True)
            )
            Registration.objects.filter(pk__in=due).update(reminder_sent_at=now)
            for registration_id in due:
                transaction.on_commit(
                    partial(send_registration_email.enqueue, registration_id, "reminder")
                )
        sent += len(due)
    return sent
