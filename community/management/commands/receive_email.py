"""Turns replies to notification emails into posts (community.email_replies).

    manage.py receive_email < message.eml            one RFC 5322 message, as an MTA pipes it
    manage.py receive_email --recipient "$ORIGINAL_RECIPIENT" < message.eml
    manage.py receive_email --maildir /var/mail/replies

For a pipe (Postfix `pipe`, Exim `pipe` transport, a .forward or aliases "|" entry) the command
exits 0 once the message is handled, whether it was posted or refused (the sender then gets an
explanation by email), and 75 (EX_TEMPFAIL) when it could not be handled now, for example when
the database is down, so the mail server keeps the message and tries again. With --maildir it
handles every message in new/ and in cur/ not yet marked seen, then marks each one seen (moved
to cur/ with the S flag), so a scheduled run picks up only what arrived since.
"""

import mailbox
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.email_replies import Received, receive_email

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Turn an emailed reply (stdin) or a Maildir of them into posts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--maildir", help="handle every unseen message in this Maildir")
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="envelope recipient the MTA delivered to (may be given more than once)",
        )

    def handle(self, *args, maildir=None, recipient=(), **options) -> None:
        if maildir:
            self.handle_maildir(Path(maildir), recipient)
            return
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            raise CommandError("no message on standard input")
        try:
            outcome = receive_email(raw, recipients=recipient)
        except Exception as error:  # anything unexpected: let the mail server retry later
            self.stderr.write(f"receive_email: could not handle the message now: {error!r}")
            sys.exit(EX_TEMPFAIL)
        self.report(outcome)

    def handle_maildir(self, path: Path, recipients) -> None:
        if not (path / "new").is_dir() or not (path / "cur").is_dir():
            raise CommandError(f"{path} is not a Maildir (it needs new/, cur/ and tmp/)")
        box = mailbox.Maildir(path, factory=None, create=False)
        failed = 0
        for key in sorted(box.keys()):
            message = box.get_message(key)
            if "S" in message.get_flags():
                continue
            with box.get_file(key) as handle:
                raw = handle.read()
            try:
                outcome = receive_email(raw, recipients=recipients)
            except Exception as error:  # left unseen for the next run
                failed += 1
                self.stderr.write(f"receive_email: {key}: {error!r}")
                continue
            self.report(outcome)
            message.set_subdir("cur")
            message.add_flag("S")
            box[key] = message
        if failed:
            sys.exit(EX_TEMPFAIL)

    def report(self, outcome: Received) -> None:
        record = outcome.record
        status = "duplicate, ignored" if outcome.duplicate else record.status
        detail = f": {record.reason}" if record.reason and not outcome.duplicate else ""
        self.stdout.write(f"{record.message_id}: {status}{detail}")
