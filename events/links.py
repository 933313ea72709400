"""Signed links: the guest's confirmation, self-cancellation, and a member's private feed.

The registration's random token rides inside the signature, so a link cannot be forged or
pointed at another registration; a tampered link fails the signature check.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing

from events.models import EventIndexPage, EventPage, Registration

CONFIRM_SALT = "events.registration.confirm"
CANCEL_SALT = "events.registration.cancel"
FEED_SALT = "events.member.feed"


def registration_token(registration: Registration, salt: str) -> str:
    return signing.dumps({"r": registration.pk, "t": registration.token}, salt=salt)


def registration_from_token(token: str, salt: str, max_age: float | None = None) -> Registration:
    """The registration the token names; raises signing.BadSignature when it is not genuine."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    try:
        return Registration.objects.select_related("event").get(pk=data["r"], token=data["t"])
    except (Registration.DoesNotExist, KeyError, TypeError) as error:
        raise signing.BadSignature("unknown registration") from error


def _subpage_url(page, name: str, **kwargs) -> str:
    return (
        (page.get_full_url() or page.url or "").rstrip("/")
        + "/"
        + page.reverse_subpage(name, kwargs=kwargs or None)
    )


def confirm_url(event: EventPage, registration: Registration) -> str:
    return _subpage_url(event, "confirm", token=registration_token(registration, CONFIRM_SALT))


def cancel_url(event: EventPage, registration: Registration) -> str:
    return _subpage_url(event, "cancel", token=registration_token(registration, CANCEL_SALT))


def member_feed_token(user: AbstractBaseUser) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def member_from_feed_token(token: str) -> int:
    return int(signing.Signer(salt=FEED_SALT).unsign(token))


def member_feed_url(index: EventIndexPage, user: AbstractBaseUser) -> str:
    return _subpage_url(index, "feed_member", token=member_feed_token(user))
