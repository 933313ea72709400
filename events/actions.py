"""Registration, waiting list, cancellation and check-in: the only code that changes them.

Invariant: at most `capacity` registrations of an event are CONFIRMED, also under concurrent
requests. Every change that can take or free a seat runs in one short transaction that first
locks the event's row (`SELECT ... FOR UPDATE`), so on PostgreSQL competing requests queue on
that lock and each one counts the seats after the previous one committed. On SQLite the
IMMEDIATE transaction mode serialises writers the same way. Emails go out after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, Registration

# Domains of throwaway mailboxes: a registration there cannot be reached later.
DISPOSABLE_DOMAINS = frozenset(
    {
        "10minutemail.com",
        "dispostable.com",
        "getnada.com",
        "guerrillamail.com",
        "mailinator.com",
        "maildrop.cc",
        "sharklasers.com",
        "temp-mail.org",
        "tempmail.com",
        "trashmail.com",
        "yopmail.com",
    }
)
Status = Registration.Status


class RegistrationError(Exception):
    """A registration request that cannot be honoured; `message` is shown to the user."""

    def __init__(self, message: str | Promise):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Registrant:
    name: str
    email: str
    institution: str = ""
    language: str = "nl"


def locking_enabled() -> bool:
    # Only the control run of the race test turns this off, to show the test can fail.
    return getattr(settings, "EVENTS_LOCK_REGISTRATIONS", True)


def guest_confirmation_timeout() -> timedelta:
    return timedelta(hours=getattr(settings, "EVENTS_GUEST_CONFIRMATION_HOURS", 24))


def registration_problem(event: EventPage, now: datetime | None = None) -> Promise | None:
    """Why nobody can register for this event right now, or None."""
    now = now or timezone.now()
    if event.is_cancelled:
        return _("This event has been cancelled.")
    if event.start <= now:
        return _("This event has already started or taken place.")
    if not event.registration_enabled:
        return _("This event does not take registrations.")
    if event.capacity < 1:
        return _("This event has no seats.")
    if event.registration_opens and now < event.registration_opens:
        return _("Registration has not opened yet.")
    if now >= event.registration_closes_at:
        return _("Registration has closed.")
    return None


def check_register_member(
    actor: AbstractUser | AnonymousUser,
    event: EventPage,
    *,
    answers: dict | None = None,
    language: str = "nl",
) -> Registration:
    """One-click registration of a signed-in member."""
    if not actor.is_authenticated:
        raise RegistrationError(_("Log in to register as a member."))
    profile = getattr(actor, "profile", None)
    name = profile.display_name if profile else actor.get_username()
    registrant = Registrant(
        name=name,
        email=actor.email,
        institution=profile.institution if profile else "",
        language=language,
    )
    return do_register(event, registrant, user=actor, answers=answers or {})


def check_register_guest(
    event: EventPage, registrant: Registrant, *, answers: dict | None = None
) -> Registration:
    """A visitor's registration for an open event; it holds its place until the email is
    confirmed or the confirmation times out."""
    if event.audience != EventPage.Audience.EVERYONE:
        raise RegistrationError(_("Only members can register for this event. Please log in."))
    if not registrant.name.strip():
        raise RegistrationError(_("Please fill in your name."))
    email = normalise_email(registrant.email)
    registrant = Registrant(
        registrant.name.strip(), email, registrant.institution.strip(), registrant.language
    )
    return do_register(event, registrant, user=None, answers=answers or {})


def normalise_email(email: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise RegistrationError(_("Please enter a valid email address.")) from error
    local, _at, domain = email.rpartition("@")
    domain = domain.lower()
    if domain in DISPOSABLE_DOMAINS:
        raise RegistrationError(
            _("Please use an address you will still read later, not a disposable one.")
        )
    return f"{local}@{domain}"


def do_register(event: EventPage, registrant: Registrant, *, user, answers: dict) -> Registration:
    event = event.canonical()
    try:
        with transaction.atomic():
            locked = _lock(event)
            problem = registration_problem(locked)
            if problem:
                raise RegistrationError(problem)
            if _active(locked).filter(email__iexact=registrant.email).exists():
                raise RegistrationError(_("You are already registered for this event."))
            has_seat = confirmed_count(locked) < locked.capacity
            registration = Registration.objects.create(
                event=locked,
                user=user,
                name=registrant.name,
                email=registrant.email,
                institution=registrant.institution,
                language=registrant.language,
                answers=answers,
                status=Status.CONFIRMED if has_seat else Status.WAITLISTED,
                email_confirmed_at=timezone.now() if user is not None else None,
            )
    except IntegrityError as error:
        # Only reachable without the lock: the partial unique index still refuses a duplicate.
        raise RegistrationError(_("You are already registered for this event.")) from error
    if user is None:
        _after_commit("confirm_email", registration)
    else:
        _after_commit(_status_mail(registration), registration)
    return registration


def confirm_guest(registration: Registration, now: datetime | None = None) -> Registration:
    """The guest clicked the link in the confirmation request (double opt-in)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.email_confirmed_at is not None and registration.is_active:
            return registration
        if not registration.is_active or now - registration.created_at > (
            guest_confirmation_timeout()
        ):
            raise RegistrationError(_("This confirmation link has expired. Please register again."))
        registration.email_confirmed_at = now
        registration.save(update_fields=["email_confirmed_at"])
        promoted = _promote(locked_event, now)
    if registration.pk not in promoted:
        _after_commit(_status_mail(registration), registration)
    registration.refresh_from_db()
    return registration


def check_cancel_registration(
    registration: Registration, now: datetime | None = None
) -> Registration:
    """Self-cancellation through the signed link, allowed until the event's cut-off."""
    now = now or timezone.now()
    if not registration.is_active:
        raise RegistrationError(_("This registration was already cancelled."))
    if now >= registration.event.cancellation_cutoff:
        raise RegistrationError(_("It is too late to cancel online. Please contact the organiser."))
    return do_cancel_registration(registration, now)


def do_cancel_registration(registration: Registration, now: datetime | None = None) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        locked_event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return registration
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _promote(locked_event, now)
    return registration


def release_unconfirmed(now: datetime | None = None) -> int:
    """Frees the places of guests who never confirmed their email address; returns how many."""
    now = now or timezone.now()
    deadline = now - guest_confirmation_timeout()
    stale = Registration.objects.filter(
        status__in=[Status.CONFIRMED, Status.WAITLISTED],
        email_confirmed_at__isnull=True,
        created_at__lt=deadline,
    )
    released = 0
    for event_id in set(stale.values_list("event_id", flat=True)):
        with transaction.atomic():
            event = _lock(EventPage(pk=event_id))
            released += stale.filter(event_id=event_id).update(status=Status.EXPIRED)
            _promote(event, now)
    return released


def do_cancel_event(event: EventPage) -> int:
    """Cancels every active registration of a cancelled event and tells each person."""
    event = event.canonical()
    with transaction.atomic():
        _lock(event)
        active = list(_active(event).select_for_update())
        now = timezone.now()
        for registration in active:
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            _after_commit("event_cancelled", registration)
    return len(active)


def check_check_in(actor, registration: Registration) -> Registration:
    from events.permissions import check_manage_registrations_permission

    check_manage_registrations_permission(actor)
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(_("Only confirmed participants can be checked in."))
    Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
        checked_in_at=timezone.now()
    )
    registration.refresh_from_db()
    return registration


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED, id__lt=registration.pk
    ).count()
    return ahead + 1


def confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _lock(event: EventPage) -> EventPage:
    if not locking_enabled():
        return EventPage.objects.get(pk=event.pk)
    # of=("self",) locks only the events table row, not Wagtail's page row editors save to.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _active(event: EventPage):
    return Registration.objects.filter(
        event=event, status__in=[Status.CONFIRMED, Status.WAITLISTED]
    )


def _promote(event: EventPage, now: datetime) -> list[int]:
    """Gives free seats to the waiting list in order of arrival; call with the event locked.

    Guests who have not confirmed their address yet keep their place but are skipped until
    they confirm, so a seat never goes to an address nobody reads.
    """
    free = event.capacity - confirmed_count(event)
    if free <= 0 or event.is_cancelled or event.start <= now:
        return []
    chosen = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Status.WAITLISTED, email_confirmed_at__isnull=False)
        .order_by("id")[:free]
    )
    for registration in chosen:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _after_commit("promoted", registration)
    return [registration.pk for registration in chosen]


def _status_mail(registration: Registration) -> str:
    return "confirmed" if registration.status == Status.CONFIRMED else "waitlisted"


def _after_commit(kind: str, registration: Registration) -> None:
    from events.tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))
