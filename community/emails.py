"""Notification emails: one per notification (immediate) or a daily digest per member.

Each mail is written in the member's language, as plain text and HTML, with a one-click
unsubscribe link (a signed token, no login needed) in the text and in the List-Unsubscribe
headers (RFC 8058). Mail goes only to an active, not erased member's verified primary address.
A notification's mail is sent while its row is locked, and marked emailed in that same
transaction: a worker killed before the SMTP server accepted the mail leaves it unmarked (the
task runs again, see home.worker), and a second run waits for the lock, then finds it marked.
Exactly once, but for the instant between the server's acceptance and the commit; the mail's
Message-ID is the notification's own, so a receiving server can drop a repeat.
"""

from datetime import timedelta
from email.utils import parseaddr

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from community.email_replies import reply_address
from community.models import Notification, Profile
from community.notifications import describe, reactor_names
from community.realtime import render as realtime
from community.views.context import post_url, topic_url

UNSUBSCRIBE_SALT = "community.unsubscribe"
DIGEST_WINDOW = timedelta(days=1)
# A rerun on the same day sends nothing; a daily run a little early still goes out.
DIGEST_INTERVAL = timedelta(hours=20)
RELATED = ("user__profile", "actor__profile", "topic__bespreekpunt", "post")


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def recipient_address(user) -> str | None:
    """The verified primary address of an active, not erased member; None for anyone else."""
    profile = Profile.objects.filter(user=user).first()
    if not user.is_active or profile is None or profile.erased_at is not None:
        return None
    return (
        EmailAddress.objects.filter(user=user, verified=True, primary=True)
        .values_list("email", flat=True)
        .first()
    )


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + url


def _link(notification: Notification, language: str) -> str:
    """The post (or topic) in the member's language; the notification list without one."""
    topic = notification.topic
    if topic is None:
        return _absolute(reverse("community:notifications"))
    page = realtime.page_for_language(topic.bespreekpunt, language)
    if notification.post is not None:
        return _absolute(post_url(page, topic, notification.post.number))
    return _absolute(topic_url(page, topic))


def _item(notification: Notification, language: str, names: dict[int, str] | None = None) -> dict:
    return {
        "text": describe(notification, names),
        "url": _link(notification, language),
        "excerpt": notification.post.body[:500] if notification.post is not None else "",
        "reason": notification.data.get("reason", ""),
    }


def _send(
    user,
    address: str,
    subject: str,
    template: str,
    context: dict,
    message_id: str = "",
    reply_to: str | None = None,
) -> None:
    """Renders and sends one mail; call inside translation.override(member's language).
    `reply_to`: the member's signed reply address for the topic (community.email_replies)."""
    unsubscribe = _absolute(
        reverse("community:unsubscribe", kwargs={"token": unsubscribe_token(user.pk)})
    )
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "settings_url": _absolute(reverse("community:profile_edit")),
        "notifications_url": _absolute(reverse("community:notifications")),
        "reply_by_email": reply_to is not None,
    }
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        render_to_string(f"community/email/{template}.txt", context),
        to=[address],
        reply_to=[reply_to] if reply_to else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **({"Message-ID": message_id} if message_id else {}),
        },
    )
    message.attach_alternative(
        render_to_string(f"community/email/{template}.html", context), "text/html"
    )
    message.send()


def notification_message_id(notification_id: int) -> str:
    """The same Message-ID on every attempt to mail one notification."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<notification.{notification_id}@{domain}>"


def send_notification_email(notification_id: int) -> bool:
    """Mails one notification to a member who wants mail right away; True if it went out."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related(*RELATED)
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        user = notification.user
        address = recipient_address(user)
        if address is None or user.profile.email_frequency != Profile.EmailFrequency.IMMEDIATE:
            return False
        profile = user.profile
        with translation.override(profile.language):
            item = _item(notification, profile.language)
            context = {"member": profile, "item": item}
            message_id = notification_message_id(notification.pk)
            topic_id = notification.topic_id
            reply_to = reply_address(user.pk, topic_id) if topic_id else None
            _send(
                user, address, item["text"], "notification", context, message_id, reply_to=reply_to
            )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def digest_candidates(now=None):
    """Unread notifications of the last day not mailed yet, of members who chose a digest."""
    now = now or timezone.now()
    return Notification.objects.filter(
        emailed_at=None,
        read_at=None,
        updated_at__gte=now - DIGEST_WINDOW,
        user__profile__email_frequency=Profile.EmailFrequency.DAILY,
    )


def send_digest(user_id: int) -> int:
    """Mails one member their digest, grouped by topic; how many notifications it held."""
    user = get_user_model().objects.filter(pk=user_id).first()
    address = recipient_address(user) if user is not None else None
    if address is None:
        return 0
    now = timezone.now()
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        if profile.digest_sent_at and profile.digest_sent_at > now - DIGEST_INTERVAL:
            return 0
        pending = list(
            digest_candidates(now).filter(user=user).select_related(*RELATED).order_by("updated_at")
        )
        if not pending:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        Profile.objects.filter(pk=profile.pk).update(digest_sent_at=now)
    names = reactor_names(pending)
    with translation.override(profile.language):
        groups: dict[int | None, dict] = {}
        for notification in pending:
            topic = notification.topic
            group = groups.setdefault(
                notification.topic_id,
                {"title": topic.title if topic else _("Other"), "items": []},
            )
            group["items"].append(_item(notification, profile.language, names))
        count = len(pending)
        subject = ngettext(
            "Your daily summary: %(count)s new notification",
            "Your daily summary: %(count)s new notifications",
            count,
        ) % {"count": count}
        context = {"member": profile, "groups": list(groups.values()), "count": count}
        _send(user, address, subject, "digest", context)
    return len(pending)
