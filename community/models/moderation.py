"""Flags members raise on posts and the audit log of everything moderators do."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """A member's report that a post needs a moderator's eye; one per member and post."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        INAPPROPRIATE = "inappropriate", _("Inappropriate")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    class Resolution(models.TextChoices):
        APPROVED = "approved", _("Post kept")
        HIDDEN = "hidden", _("Post hidden")
        DELETED = "deleted", _("Post deleted")

    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="flag_once")]

    def __str__(self) -> str:
        return f"{self.reason} on {self.post_id}"


class ModerationAction(models.Model):
    """The audit log: one row per moderator (or automatic) action, never edited or deleted."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        UNHIDE = "unhide", _("Shown again")
        AUTO_HIDE = "auto_hide", _("Hidden after flags")
        DELETE = "delete", _("Deleted")
        WARN = "warn", _("Warned the member")
        DISMISS = "dismiss", _("Flags dismissed")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        CLOSE = "close", _("Closed")
        REOPEN = "reopen", _("Reopened")
        MOVE = "move", _("Moved")
        SPLIT = "split", _("Split")
        TRUST_LEVEL = "trust_level", _("Trust level set")

    # Empty for actions the platform takes by itself (hiding after enough flags).
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_taken",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_received",
    )
    topic = models.ForeignKey(
        "community.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderator action")
        verbose_name_plural = _("moderator actions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} by {self.moderator_id}"
