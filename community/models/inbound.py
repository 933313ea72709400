from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReceivedEmail(models.Model):
    """One email that arrived at the reply address, and what became of it.

    Its Message-ID is unique: the same message delivered again finds this row and posts nothing
    (community.email_replies). Kept for moderators and for the member's data export.
    """

    class Status(models.TextChoices):
        POSTED = "posted", _("Posted")
        PENDING = "pending", _("Posted, awaiting approval")
        REJECTED = "rejected", _("Rejected")
        BOUNCE = "bounce", _("Bounce or automatic reply")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    topic = models.ForeignKey(
        "community.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("received email")
        verbose_name_plural = _("received emails")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"
