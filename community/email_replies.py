"""Reply by email, as Discourse does it: a notification's reply address, and what arrives there.

Each notification email about a topic carries a Reply-To address signed for that member and
topic (`reply_address`). The mail server of COMMUNITY_REPLY_DOMAIN hands every message to
`manage.py receive_email`, which calls `receive_email(raw)` here. A reply becomes a post of
that member through the normal action (`check_create_post`: permissions, closed topics, trust
rules, approval of new members' first posts, and the member's rate limits), with quoted
history and signature removed (community.email_text).

Refused, with an email to the sender that says why: mail to an unknown or tampered address,
from an address that is not the member's own verified one (a forged sender), or failing
DMARC at our mail server, and replies the action refuses. Bounces and automatic replies
(RFC 3464 reports, RFC 3834 Auto-Submitted, MAILER-DAEMON) are recorded and never answered, so
two robots cannot mail each other forever. A message is handled once: its Message-ID (or, if
it has none, a hash of its bytes) is unique in ReceivedEmail, written in the same transaction
as the post, so a second delivery, even a simultaneous one, posts nothing.
"""

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from community import ratelimit
from community.email_text import reply_text
from community.models import Profile, ReceivedEmail, Topic

logger = logging.getLogger(__name__)

SALT = "community.reply-by-email"
SIGNATURE_LENGTH = 20
ADDRESS_RE = re.compile(
    r"^(?P<local>[a-z0-9._-]+)\+(?P<user>\d+)-(?P<topic>\d+)-(?P<signature>[0-9a-f]+)@(?P<domain>.+)$"
)
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
Status = ReceivedEmail.Status


def _signature(user_id: int, topic_id: int) -> str:
    return salted_hmac(SALT, f"{user_id}:{topic_id}").hexdigest()[:SIGNATURE_LENGTH]


def reply_address(user_id: int, topic_id: int) -> str | None:
    """The member's reply address for the topic; None when reply by email is off."""
    domain = settings.COMMUNITY_REPLY_DOMAIN
    if not domain:
        return None
    local = settings.COMMUNITY_REPLY_LOCAL_PART
    return f"{local}+{user_id}-{topic_id}-{_signature(user_id, topic_id)}@{domain}"


@dataclass(frozen=True)
class ReplyTarget:
    user_id: int
    topic_id: int
    valid: bool


def parse_reply_address(address: str) -> ReplyTarget | None:
    """The member and topic of one of our reply addresses (valid: the signature matches);
    None for any other address."""
    match = ADDRESS_RE.match(address.strip().lower())
    domain = settings.COMMUNITY_REPLY_DOMAIN
    if match is None or not domain or match["domain"] != domain:
        return None
    if match["local"] != settings.COMMUNITY_REPLY_LOCAL_PART:
        return None
    user_id, topic_id = int(match["user"]), int(match["topic"])
    valid = constant_time_compare(match["signature"], _signature(user_id, topic_id))
    return ReplyTarget(user_id, topic_id, valid)


@dataclass(frozen=True)
class Received:
    """What `receive_email` did: the record, and whether this delivery was a repeat."""

    record: ReceivedEmail
    duplicate: bool = False


class Rejected(Exception):
    """The message cannot become a post; `reason` is told to the sender."""

    def __init__(self, reason: str, *, user=None, topic: Topic | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user = user
        self.topic = topic


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def message_key(message: EmailMessage, raw: bytes) -> str:
    message_id = str(message.get("Message-ID", "") or "").strip()
    return message_id[:255] if message_id else "sha256:" + hashlib.sha256(raw).hexdigest()


def is_automatic(message: EmailMessage, sender: str) -> bool:
    """A bounce (delivery status report) or an automatic reply: recorded, never answered."""
    if message.get_content_type() == "multipart/report":
        return True
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    if auto and auto != "no":
        return True
    if str(message.get("Precedence", "")).strip().lower() in ("bulk", "junk", "auto_reply"):
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    return not sender or sender.split("@")[0] in BOUNCE_SENDERS


def receive_email(raw: bytes, *, recipients: Iterable[str] = ()) -> Received:
    """Handles one RFC 5322 message; `recipients` are envelope recipients from the MTA."""
    message = parse(raw)
    key = message_key(message, raw)
    existing = ReceivedEmail.objects.filter(message_id=key).first()
    if existing is not None:
        return Received(existing, duplicate=True)
    sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
    record = ReceivedEmail(
        message_id=key, sender=sender[:254], subject=str(message.get("Subject", ""))[:255]
    )
    try:
        with transaction.atomic():
            _handle(message, record, sender, list(recipients))
            record.save()
    except IntegrityError:
        # The same message, delivered at the same moment, was handled by the other delivery.
        existing = ReceivedEmail.objects.filter(message_id=key).first()
        if existing is None:
            raise
        return Received(existing, duplicate=True)
    except Rejected as rejection:
        record.status = Status.REJECTED
        record.reason = rejection.reason
        record.user = rejection.user
        record.topic = rejection.topic
        record.post = None
        try:
            record.save()
        except IntegrityError:
            existing = ReceivedEmail.objects.filter(message_id=key).first()
            if existing is None:
                raise
            return Received(existing, duplicate=True)
        _answer(message, sender, rejection.reason, user=rejection.user, rejected=True)
    logger.info("received email %s from %s: %s", key, sender, record.status)
    return Received(record)


def _handle(message: EmailMessage, record: ReceivedEmail, sender: str, recipients: list) -> None:
    """Posts the reply (record filled in) or raises Rejected; runs in the caller's transaction."""
    if is_automatic(message, sender):
        record.status = Status.BOUNCE
        record.reason = "automatic message or delivery report"
        return
    target = _target(message, recipients)
    if target is None:
        raise Rejected(_("This address does not accept email. Reply to a notification email."))
    if not target.valid:
        raise Rejected(_("This reply address is not valid. Reply to a notification email."))
    user = get_user_model().objects.filter(pk=target.user_id, is_active=True).first()
    profile = Profile.objects.filter(user_id=target.user_id, erased_at=None).first()
    topic = Topic.objects.select_related("bespreekpunt").filter(pk=target.topic_id).first()
    if user is None or profile is None or topic is None or not topic.bespreekpunt.live:
        raise Rejected(_("This reply address is no longer in use."))
    if not EmailAddress.objects.filter(user=user, email__iexact=sender, verified=True).exists():
        # A forged or wrong sender: the answer goes to that address, so it names nobody.
        raise Rejected(
            _(
                "Replies to this address are accepted only from the email address the "
                "notification was sent to."
            )
        )
    if _dmarc_failed(message):
        raise Rejected(
            _("Your mail server could not prove this email was sent by you (DMARC)."), user=user
        )
    text, attachments = reply_text(message)
    with translation.override(profile.language):
        post = _create_post(user, topic, text)
    record.user, record.topic, record.post = user, topic, post
    record.status = Status.PENDING if post.is_pending else Status.POSTED
    if post.is_pending or attachments:
        notes = []
        if post.is_pending:
            notes.append(_("Your reply was posted and waits for a moderator's approval."))
        if attachments:
            notes.append(
                _("Attachments cannot be posted by email; left out: %(names)s.")
                % {"names": ", ".join(attachments)}
            )
        transaction.on_commit(
            lambda: _answer(message, sender, " ".join(notes), user=user, rejected=False)
        )


def _create_post(user, topic: Topic, text: str):
    from community.actions import check_create_post

    try:
        with ratelimit.member_scope():
            return check_create_post(user, topic, body=text)
    except ValidationError as error:
        raise Rejected(" ".join(error.messages), user=user, topic=topic) from error
    except PermissionDenied as error:
        raise Rejected(str(error), user=user, topic=topic) from error


def _target(message: EmailMessage, recipients: list[str]) -> ReplyTarget | None:
    """The first of our reply addresses among the envelope and header recipients."""
    found = [target for a in recipients if (target := parse_reply_address(a)) is not None]
    headers = [str(value) for name in RECIPIENT_HEADERS for value in message.get_all(name, [])]
    for _name, address in getaddresses(headers):
        target = parse_reply_address(address)
        if target is not None:
            found.append(target)
    return next((t for t in found if t.valid), found[0] if found else None)


def _dmarc_failed(message: EmailMessage) -> bool:
    """Our own mail server's verdict: the topmost Authentication-Results header only (any
    below it came with the message and could be written by anyone)."""
    results = message.get("Authentication-Results")
    return results is not None and "dmarc=fail" in str(results).lower()


def _answer(message: EmailMessage, to: str, reason: str, *, user, rejected: bool) -> None:
    """Tells the sender why their email was not (fully) posted, in their language."""
    if not to or "@" not in to:
        return
    profile = Profile.objects.filter(user=user).first() if user is not None else None
    language = profile.language if profile else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = str(message.get("Subject", "")).strip()
        context = {
            "member": profile,
            "reason": reason,
            "rejected": rejected,
            "subject": subject,
            "excerpt": reply_text(message)[0][:1000] if rejected else "",
        }
        mail = EmailMultiAlternatives(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + (_("Your email was not posted") if rejected else _("About your emailed reply")),
            render_to_string("community/email/reply_answer.txt", context),
            to=[to],
            headers=_answer_headers(message),
        )
        mail.attach_alternative(
            render_to_string("community/email/reply_answer.html", context), "text/html"
        )
        mail.send()


def _answer_headers(message: EmailMessage) -> dict[str, str]:
    # RFC 3834: an automatic answer says so, so the other side's robots do not answer it.
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    original = str(message.get("Message-ID", "") or "").strip()
    if original:
        headers["In-Reply-To"] = original
        headers["References"] = original
    return headers
