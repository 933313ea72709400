"""The emails of the events app, each rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from events.ics import build_calendar
from events.links import cancel_url, confirm_url
from events.models import Certificate, EventPage, OutcomePage, Registration

# Which template and whether the calendar file goes along, per kind of registration email.
KINDS = {
    "confirm_email": False,
    "confirmed": True,
    "waitlisted": False,
    "promoted": True,
    "reminder": True,
    "event_cancelled": True,
}


def registration_email(registration: Registration, kind: str) -> EmailMessage:
    from events.actions import waitlist_position

    with translation.override(registration.language):
        event = registration.event.in_language(registration.language)
        context = {
            "registration": registration,
            "event": event,
            "event_url": event.get_full_url(),
            "cancel_url": cancel_url(event, registration),
            "confirm_url": confirm_url(event, registration),
            "position": waitlist_position(registration),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        message = _message(f"events/email/{kind}", context, registration.email)
        if KINDS[kind]:
            message.attach(
                "event.ics",
                build_calendar([event], name=event.title, private=True, method="PUBLISH"),
                "text/calendar",
            )
    return message


def outcome_email(registration: Registration, outcome: OutcomePage) -> EmailMessage:
    with translation.override(registration.language):
        localised = (
            OutcomePage.objects.live()
            .filter(
                translation_key=outcome.translation_key,
                locale__language_code=registration.language,
            )
            .first()
            or outcome
        )
        event = localised.get_parent().specific
        assert isinstance(event, EventPage)
        context = {
            "registration": registration,
            "event": event,
            "outcome": localised,
            "outcome_url": localised.get_full_url(),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        return _message("events/email/outcome", context, registration.email)


def certificate_email(certificate: Certificate) -> EmailMessage:
    from events.certificates import download_url, verification_url

    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "download_url": download_url(certificate),
            "verification_url": verification_url(certificate),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        return _message("events/email/certificate", context, certificate.registration.email)


def _message(template: str, context: dict, to: str) -> EmailMessage:
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return EmailMessage(subject=f"{prefix}{subject}", body=body, to=[to])
