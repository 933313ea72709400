"""Reactions to publishing: a cancelled event tells its registrants, an outcome its participants,
a series brings its occurrences in line."""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published

from events.actions import do_cancel_event
from events.models import EventPage, EventSeriesPage, OutcomeNotice, OutcomePage, Registration


def on_event_published(sender, instance: EventPage, **kwargs) -> None:
    if instance.is_cancelled:
        # Cancels only still-active registrations, so publishing again notifies nobody twice.
        do_cancel_event(instance)


def on_series_published(sender, instance: EventSeriesPage, **kwargs) -> None:
    from events.series import sync_series

    sync_series(instance)


def on_outcome_published(sender, instance: OutcomePage, **kwargs) -> None:
    notify_participants_of_outcome(instance)


def notify_participants_of_outcome(outcome: OutcomePage) -> int:
    """Emails the confirmed participants once per outcome, whichever translation came first."""
    from events.tasks import send_outcome_email

    _notice, created = OutcomeNotice.objects.get_or_create(translation_key=outcome.translation_key)
    if not created:
        return 0
    event = outcome.get_parent().specific
    if not isinstance(event, EventPage):
        return 0
    participants = list(
        Registration.objects.filter(
            event=event.canonical(),
            status=Registration.Status.CONFIRMED,
            email_confirmed_at__isnull=False,
        ).values_list("pk", flat=True)
    )
    outcome_id = outcome.pk
    for registration_id in participants:
        transaction.on_commit(partial(send_outcome_email.enqueue, registration_id, outcome_id))
    return len(participants)


def connect() -> None:
    page_published.connect(on_event_published, sender=EventPage)
    page_published.connect(on_outcome_published, sender=OutcomePage)
    page_published.connect(on_series_published, sender=EventSeriesPage)
