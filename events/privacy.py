"""The events app's part of a member's data (see community/privacy.py): their registrations
and certificates.

Registrations made as a guest with one of the member's email addresses count as theirs too.
On erasure a seat at an upcoming event is given up (the waiting list moves up) and every
registration loses its name, email, institution and answers; the anonymous row stays so
attendance figures of past events remain right.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet
from django.utils import timezone

from community.privacy import ERASED_NAME, register_personal_data, rows
from events.actions import do_cancel_registration
from events.models import Certificate, Registration, new_token


def _registrations(user) -> QuerySet[Registration]:
    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    emails.discard("")
    return Registration.objects.filter(Q(user=user) | Q(email__in=emails))


def export_registrations(user) -> list[dict]:
    return [
        {
            "event": registration.event.title,
            "event_start": registration.event.start,
            "name": registration.name,
            "email": registration.email,
            "institution": registration.institution,
            "language": registration.language,
            "status": registration.status,
            "answers": registration.answers,
            "created_at": registration.created_at,
            "email_confirmed_at": registration.email_confirmed_at,
            "cancelled_at": registration.cancelled_at,
            "checked_in_at": registration.checked_in_at,
        }
        for registration in _registrations(user).select_related("event")
    ]


def erase_registrations(user) -> None:
    now = timezone.now()
    for registration in _registrations(user).select_related("event"):
        if registration.is_active and registration.event.start > now:
            registration = do_cancel_registration(registration, now)
        # A unique address per row: the one-active-registration-per-email rule must still hold.
        registration.email = f"verwijderd-{registration.pk}@example.invalid"
        registration.name = ERASED_NAME
        registration.institution = ""
        registration.answers = {}
        registration.user = None
        registration.token = new_token()
        registration.save(
            update_fields=["email", "name", "institution", "answers", "user", "token"]
        )


def export_certificates(user) -> list[dict]:
    return rows(
        Certificate.objects.filter(registration__in=_registrations(user)),
        *("code", "name", "session", "session_date", "hours", "organiser"),
        *("issued_at", "revoked_at", "revoke_reason"),
    )


def erase_certificates(user) -> None:
    """The member's certificates lose their name and are revoked: one that no longer names
    anybody proves nothing. Certificates they issued or revoked as organiser forget them."""
    theirs = Certificate.objects.filter(registration__in=_registrations(user))
    theirs.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason="account deleted"
    )
    theirs.update(name=ERASED_NAME)
    Certificate.objects.filter(issued_by=user).update(issued_by=None)
    Certificate.objects.filter(revoked_by=user).update(revoked_by=None)


def register() -> None:
    # Before registrations: their eraser removes what finds the member's certificates.
    register_personal_data(
        Certificate,
        fields=["issued_by", "revoked_by"],
        export=export_certificates,
        erase=erase_certificates,
    )
    register_personal_data(
        Registration, fields=["user"], export=export_registrations, erase=erase_registrations
    )
