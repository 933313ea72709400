"""The header's unread badge and the watch level form; both read the member's cache only."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.models import WatchLevel
from community.notifications import (
    bespreekpunt_watch_level,
    effective_watch_level,
    unread_notification_count,
)
from community.permissions import is_member

register = template.Library()

LEVEL_HELP = [
    (WatchLevel.WATCHING, _("You are notified of every new post.")),
    (
        WatchLevel.TRACKING,
        _("You are notified when someone mentions you or replies to you, and see unread counts."),
    ),
    (
        WatchLevel.NORMAL,
        _("You are notified only when someone mentions, quotes or replies to you."),
    ),
    (WatchLevel.MUTED, _("You are never notified, not even when someone mentions you.")),
]


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_notification_count(user) if user is not None else 0


@register.inclusion_tag("community/notifications_watch_form.html", takes_context=True)
def watch_form(context, topic=None, bespreekpunt=None) -> dict:
    request = context["request"]
    if not is_member(request.user):
        return {"show": False}
    if topic is not None:
        level = effective_watch_level(request.user, topic)
        action = reverse("community:watch_topic", kwargs={"topic_id": topic.pk})
        heading = _("Notifications for this topic")
    else:
        level = bespreekpunt_watch_level(request.user, bespreekpunt)
        action = reverse("community:watch_bespreekpunt", kwargs={"page_id": bespreekpunt.pk})
        heading = _("Notifications for this bespreekpunt")
    return {
        "show": True,
        "heading": heading,
        "action": action,
        "current": int(level),
        "levels": [(int(value), value.label, help_text) for value, help_text in LEVEL_HELP],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "scope": "topic" if topic is not None else "bespreekpunt",
    }
