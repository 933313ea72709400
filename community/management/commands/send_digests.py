"""Queues the daily digest mail of every member who chose one and has something new.

Run once a day (cron). Safe to rerun: mailed notifications are marked, and a member who got a
digest in the last 20 hours gets none.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from community.emails import DIGEST_INTERVAL, digest_candidates
from community.tasks import email_digest


class Command(BaseCommand):
    help = "Sends the daily notification digests (safe to rerun)."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        user_ids = (
            digest_candidates(now)
            .filter(user__is_active=True)
            .exclude(user__profile__digest_sent_at__gt=now - DIGEST_INTERVAL)
            .order_by()
            .values_list("user_id", flat=True)
            .distinct()
        )
        queued = 0
        for user_id in user_ids:
            email_digest.enqueue(user_id)
            queued += 1
        self.stdout.write(f"{queued} digest(s) queued")
