"""What members follow and what the platform tells them.

Watch levels follow Discourse: watching (every post), tracking (replies to me, mentions and
unread counts), normal (only what names me), muted (nothing). A topic-level choice overrides
the bespreekpunt-level one. Notifications are rows per recipient, created after the post that
caused them has committed (community.notifications), and mailed by background tasks.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WatchLevel(models.IntegerChoices):
    MUTED = 0, _("Muted")
    NORMAL = 1, _("Normal")
    TRACKING = 2, _("Tracking")
    WATCHING = 3, _("Watching")


class TopicWatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_watches"
    )
    topic = models.ForeignKey("community.Topic", on_delete=models.CASCADE, related_name="watches")
    level = models.PositiveSmallIntegerField(
        _("notification level"), choices=WatchLevel.choices, default=WatchLevel.TRACKING
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="topic_watch_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_level_display()} {self.topic_id}"


class BespreekpuntWatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bespreekpunt_watches"
    )
    bespreekpunt = models.ForeignKey(
        "community.BespreekpuntPage", on_delete=models.CASCADE, related_name="watches"
    )
    level = models.PositiveSmallIntegerField(
        _("notification level"), choices=WatchLevel.choices, default=WatchLevel.NORMAL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "bespreekpunt"], name="bespreekpunt_watch_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_level_display()} {self.bespreekpunt_id}"


class Notification(models.Model):
    """One thing a member should know about; links to the post it is about."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply to you")
        QUOTE = "quote", _("Quoted you")
        MENTION = "mention", _("Mentioned you")
        REACTION = "reaction", _("Reactions to your post")
        WATCHED = "watched", _("New post in something you watch")
        MODERATION = "moderation", _("Moderator action")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications_caused",
    )
    topic = models.ForeignKey(
        "community.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Kind-specific details, e.g. {"reactions": {"heart": [member id, ...]}} for grouped
    # reactions (ids, so the names shown are the current ones), or {"action": "hide",
    # "reason": "..."} for moderator actions.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Grouped notifications (reactions) move up when they grow.
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the notification went out by email, immediately or in a digest.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
