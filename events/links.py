"""Unforgeable links: the guest's confirmation, self-cancellation, and a member's private feed.

A link carries an id and an HMAC of that id with a secret that only the database holds (the
registration's random token) or the server holds (SECRET_KEY), salted per purpose; a tampered
link fails the comparison. Only [0-9a-z-] is used, so the links fit Wagtail's page paths.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.crypto import constant_time_compare, salted_hmac

from events.models import EventIndexPage, EventPage, Registration

CONFIRM_SALT = "events.registration.confirm"
CANCEL_SALT = "events.registration.cancel"
FEED_SALT = "events.member.feed"


class BadLink(Exception):
    """The link was altered, or names something that does not exist."""


def _mac(salt: str, value: str) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:40]


def registration_token(registration: Registration, salt: str) -> str:
    return f"{registration.pk}-{_mac(salt, f'{registration.pk}:{registration.token}')}"


def _is_id(value: str) -> bool:
    # ASCII digits only ("²".isdigit() is true, int("²") fails) and no longer than a database id.
    return value.isascii() and value.isdigit() and len(value) <= 18


def registration_from_token(token: str, salt: str) -> Registration:
    pk, _dash, mac = token.partition("-")
    if not _is_id(pk):
        raise BadLink(token)
    registration = Registration.objects.select_related("event").filter(pk=int(pk)).first()
    if registration is None or not constant_time_compare(
        mac, _mac(salt, f"{registration.pk}:{registration.token}")
    ):
        raise BadLink(token)
    return registration


def _subpage_url(page, name: str, **kwargs) -> str:
    base = page.get_full_url() or page.url or ""
    return base.rstrip("/") + "/" + page.reverse_subpage(name, kwargs=kwargs or None)


def confirm_url(event: EventPage, registration: Registration) -> str:
    return _subpage_url(event, "confirm", token=registration_token(registration, CONFIRM_SALT))


def cancel_url(event: EventPage, registration: Registration) -> str:
    return _subpage_url(event, "cancel", token=registration_token(registration, CANCEL_SALT))


def member_feed_token(user: AbstractBaseUser) -> str:
    return f"{user.pk}-{_mac(FEED_SALT, str(user.pk))}"


def member_from_feed_token(token: str) -> int:
    pk, _dash, mac = token.partition("-")
    if not _is_id(pk) or not constant_time_compare(mac, _mac(FEED_SALT, pk)):
        raise BadLink(token)
    return int(pk)


def member_feed_url(index: EventIndexPage, user: AbstractBaseUser) -> str:
    return _subpage_url(index, "feed_member", token=member_feed_token(user))
