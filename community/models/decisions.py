"""Decisions inside topics: polls and sociocratic consent rounds, each on one post.

A poll asks a question with options (one or several may be chosen); a consent round asks the
members whether they can live with a proposal (consent, objection with a reason, or abstain).
One response per member, changeable until closing. The counters on the poll, its options and
the round are written from the votes themselves under the poll's (round's) row lock, so they
are exact under concurrent votes (tests/community/test_decisions_race.py).

Consent rule (community.decisions.consent_outcome): a round ends in consent when nobody's
objection stands and at least `quorum` members consented. An objection is resolved by its
member changing their response (to consent or abstain) after the proposal was talked through;
abstaining members stand aside and count neither way.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.discussion import Post, Topic


class Poll(models.Model):
    """A question with options, attached to one post (Discourse's poll)."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=300)
    multiple = models.BooleanField(_("several options may be chosen"), default=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # False: the counts stay hidden until the poll has closed.
    results_public = models.BooleanField(_("results visible while voting"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the author or a moderator closes the poll by hand.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    voter_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or (
            self.closes_at is not None and self.closes_at <= timezone.now()
        )

    @property
    def ended_at(self):
        """When voting ended (by hand or at the closing time); None while open."""
        if self.closed_at is not None:
            return self.closed_at
        return self.closes_at if self.is_closed else None


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("option"), max_length=200)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "user"], name="poll_vote_once")]
        indexes = [models.Index(fields=["poll", "user"], name="poll_vote_member")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.option_id}"


class ConsentRound(models.Model):
    """Asks a topic's members for consent on a proposal; closed with an outcome.

    `closed_at` and `outcome` are set together, once: a round with a `closed_at` is decided.
    """

    class Outcome(models.TextChoices):
        CONSENT = "consent", _("Consent")
        OBJECTION = "objection", _("No consent: an objection stands")
        NO_QUORUM = "no_quorum", _("No decision: too few members consented")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="consent_rounds")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="consent_round")
    proposal = models.CharField(_("proposal"), max_length=300)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        help_text=_("How many members must consent for the proposal to be adopted."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    consent_count = models.PositiveIntegerField(default=0)
    objection_count = models.PositiveIntegerField(default=0)
    abstain_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consent round")
        verbose_name_plural = _("consent rounds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.proposal

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def response_count(self) -> int:
        return self.consent_count + self.objection_count + self.abstain_count


class ConsentResponse(models.Model):
    class Choice(models.TextChoices):
        CONSENT = "consent", _("Consent")
        OBJECTION = "objection", _("Objection")
        ABSTAIN = "abstain", _("Abstain")

    round = models.ForeignKey(ConsentRound, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_responses"
    )
    choice = models.CharField(_("response"), max_length=16, choices=Choice.choices)
    reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="consent_response_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.choice}"
