"""Attendance certificates: issuing them in bulk, revoking one, and verifying them.

A certificate's verification link carries its number and an HMAC of everything printed on it
(salted SECRET_KEY), so anyone can check it: a link or a stored row that was changed fails the
comparison and shows as not valid, as does a revoked certificate. The download link has a
separate HMAC, so knowing how to verify a certificate does not let you download it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from events.models import Certificate, EventPage, Registration
from events.permissions import (
    check_issue_certificates_permission,
    check_revoke_certificate_permission,
)

VERIFY_SALT = "events.certificate.verify"
DOWNLOAD_SALT = "events.certificate.download"


class CertificateError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class Verdict(StrEnum):
    GENUINE = "genuine"
    REVOKED = "revoked"
    INVALID = "invalid"


def verification_mac(certificate: Certificate) -> str:
    return salted_hmac(VERIFY_SALT, certificate.signed_facts(), algorithm="sha256").hexdigest()[:32]


def download_mac(certificate: Certificate) -> str:
    return salted_hmac(DOWNLOAD_SALT, certificate.code, algorithm="sha256").hexdigest()[:32]


def _absolute(path: str) -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else "").rstrip("/") + path


def verification_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        path = reverse(
            "events:certificate_verify",
            kwargs={"code": certificate.code, "mac": verification_mac(certificate)},
        )
    return _absolute(path)


def download_path(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return reverse(
            "events:certificate_download",
            kwargs={"code": certificate.code, "mac": download_mac(certificate)},
        )


def download_url(certificate: Certificate) -> str:
    return _absolute(download_path(certificate))


def verify(code: str, mac: str) -> tuple[Verdict, Certificate | None]:
    """What the verification page says about this link."""
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None or not constant_time_compare(mac, verification_mac(certificate)):
        return Verdict.INVALID, None
    if certificate.is_revoked:
        return Verdict.REVOKED, certificate
    return Verdict.GENUINE, certificate


def for_download(code: str, mac: str) -> Certificate | None:
    certificate = Certificate.objects.filter(code=code, revoked_at__isnull=True).first()
    if certificate is None or not constant_time_compare(mac, download_mac(certificate)):
        return None
    return certificate


def session_hours(event: EventPage) -> Decimal:
    """The hours a certificate states: the event's own figure, else its length in half hours."""
    if event.certificate_hours is not None:
        return event.certificate_hours
    hours = Decimal((event.end - event.start).total_seconds()) / Decimal(3600)
    return (hours * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def participant_language(registration: Registration) -> str:
    """The member's chosen language, else the one they registered in."""
    profile = getattr(registration.user, "profile", None) if registration.user_id else None
    return profile.language if profile else registration.language


def eligible(event: EventPage):
    """Checked-in participants of the event without a valid certificate."""
    return (
        Registration.objects.filter(
            event=event.canonical(),
            status=Registration.Status.CONFIRMED,
            checked_in_at__isnull=False,
        )
        .exclude(
            pk__in=Certificate.objects.filter(revoked_at__isnull=True).values("registration_id")
        )
        .select_related("user__profile")
    )


def check_issue_certificates(
    actor, event: EventPage, now: datetime | None = None
) -> list[Certificate]:
    """Issues a certificate to every checked-in participant who has none yet, once the session
    is over; each one is emailed a download link. Returns the new certificates."""
    check_issue_certificates_permission(actor)
    now = now or timezone.now()
    event = event.canonical()
    if event.end > now:
        raise CertificateError(_("Certificates can be issued once the session is over."))
    if event.is_cancelled:
        raise CertificateError(_("This event has been cancelled."))
    return do_issue_certificates(actor, event, now)


def do_issue_certificates(
    actor, event: EventPage, now: datetime, *, notify: bool = True
) -> list[Certificate]:
    """`notify=False` only for the demo content, which mails nobody."""
    with transaction.atomic():
        # The event row's lock keeps two organisers from issuing the same certificates twice.
        EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
        issued = [
            _issue(actor, event, registration, now)
            for registration in eligible(event).order_by("id")
        ]
    if notify:
        for certificate in issued:
            _after_commit_email(certificate)
    return issued


def _issue(actor, event: EventPage, registration: Registration, now: datetime) -> Certificate:
    language = participant_language(registration)
    shown = event.in_language(language)
    return Certificate.objects.create(
        registration=registration,
        name=registration.name,
        session=shown.title,
        session_date=timezone.localdate(event.start),
        hours=session_hours(event),
        organiser=shown.organiser,
        language=language,
        issued_at=now,
        issued_by=actor,
    )


def check_revoke_certificate(actor, certificate: Certificate, reason: str) -> Certificate:
    check_revoke_certificate_permission(actor)
    if not reason.strip():
        raise CertificateError(_("Please say why the certificate is revoked."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise CertificateError(_("This certificate was already revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.revoke_reason = reason.strip()[:255]
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return certificate


def certificate_of(event: EventPage, user) -> Certificate | None:
    """The member's valid certificate for this event, for the download button."""
    if not user.is_authenticated:
        return None
    return Certificate.objects.filter(
        registration__event=event.canonical(),
        registration__user=user,
        revoked_at__isnull=True,
    ).first()


def _after_commit_email(certificate: Certificate) -> None:
    from events.tasks import send_certificate_email

    certificate_id = certificate.pk
    transaction.on_commit(lambda: send_certificate_email.enqueue(certificate_id))
