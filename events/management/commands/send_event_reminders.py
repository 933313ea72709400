"""Sends the reminders that are due and releases unconfirmed guest registrations.

Run by a scheduler (cron, systemd timer) every hour or so; running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand

from events.actions import release_unconfirmed
from events.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send event reminders that are due and release never-confirmed guest registrations."

    def handle(self, *args, **options) -> None:
        released = release_unconfirmed()
        sent = send_due_reminders()
        self.stdout.write(
            f"reminders queued: {sent}, unconfirmed registrations released: {released}"
        )
