"""Actions on polls and consent rounds, actor first (see community/models/decisions.py).

Every vote takes the poll's (round's) row lock, replaces the member's earlier response and
recounts from the vote rows, so concurrent votes never lose or double a count. Each write
publishes a "poll.*" or "consent.*" event after commit; the topic's sockets then get the new
results (community.realtime.broadcast).
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from community.events import publish_event
from community.models import (
    ConsentResponse,
    ConsentRound,
    Poll,
    PollOption,
    PollVote,
    Post,
)
from community.permissions import (
    check_add_decision_permission,
    check_close_consent_round_permission,
    check_close_poll_permission,
    check_vote_permission,
)
from community.signals import consent_round_closed

MAX_OPTIONS = 20
OPTION_MAX_LENGTH = 200
QUESTION_MAX_LENGTH = 300
REASON_MAX_LENGTH = 2000
MAX_QUORUM = 500
Outcome = ConsentRound.Outcome
Choice = ConsentResponse.Choice


def consent_outcome(*, consent: int, objection: int, quorum: int) -> str:
    """The consent rule: an objection that stands blocks; otherwise at least `quorum` members
    must have consented. Abstentions count neither way."""
    if objection:
        return Outcome.OBJECTION
    if consent < max(quorum, 1):
        return Outcome.NO_QUORUM
    return Outcome.CONSENT


def _has_decision(post: Post) -> bool:
    return (
        Poll.objects.filter(post=post).exists() or ConsentRound.objects.filter(post=post).exists()
    )


def _publish(name: str, post: Post, actor, **data) -> None:
    publish_event(
        name,
        bespreekpunt_id=post.topic.bespreekpunt_id,
        topic_id=post.topic_id,
        post_id=post.pk,
        actor_id=actor.pk if actor is not None else None,
        **data,
    )


# Polls ----------------------------------------------------------------------------------------


def validate_poll(
    question: str, options: Iterable[str], closes_at: datetime | None
) -> tuple[str, list[str]]:
    errors: dict[str, list[str]] = {}
    question = (question or "").strip()
    if not question:
        errors["question"] = [_("Write the question of the poll.")]
    elif len(question) > QUESTION_MAX_LENGTH:
        errors["question"] = [
            _("Keep the question under %(max)s characters.") % {"max": QUESTION_MAX_LENGTH}
        ]
    cleaned = [option.strip() for option in options if option and option.strip()]
    if len(cleaned) < 2:
        errors["options"] = [_("Give at least two options, one per line.")]
    elif len(cleaned) > MAX_OPTIONS:
        errors["options"] = [_("Give at most %(max)s options.") % {"max": MAX_OPTIONS}]
    elif any(len(option) > OPTION_MAX_LENGTH for option in cleaned):
        errors["options"] = [
            _("Keep each option under %(max)s characters.") % {"max": OPTION_MAX_LENGTH}
        ]
    elif len({option.casefold() for option in cleaned}) != len(cleaned):
        errors["options"] = [_("Each option may appear only once.")]
    if closes_at is not None and closes_at <= timezone.now():
        errors["closes_at"] = [_("The closing time must be in the future.")]
    if errors:
        raise ValidationError(errors)
    return question, cleaned


def check_add_poll(
    actor,
    post: Post,
    *,
    question: str,
    options: Iterable[str],
    multiple: bool = False,
    closes_at: datetime | None = None,
    results_public: bool = True,
) -> Poll:
    check_add_decision_permission(actor, post)
    question, cleaned = validate_poll(question, options, closes_at)
    return do_add_poll(
        actor,
        post,
        question=question,
        options=cleaned,
        multiple=multiple,
        closes_at=closes_at,
        results_public=results_public,
    )


def do_add_poll(
    actor,
    post: Post,
    *,
    question: str,
    options: list[str],
    multiple: bool = False,
    closes_at: datetime | None = None,
    results_public: bool = True,
) -> Poll:
    with transaction.atomic():
        Post.objects.select_for_update().filter(pk=post.pk).first()
        if _has_decision(post):
            raise ValidationError(_("This post already has a poll or consent round."))
        poll = Poll.objects.create(
            post=post,
            question=question,
            multiple=multiple,
            closes_at=closes_at,
            results_public=results_public,
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=number, text=text)
            for number, text in enumerate(options, start=1)
        )
        _publish("poll.added", post, actor, poll_id=poll.pk)
    return poll


def check_vote(actor, poll: Poll, option_ids: Iterable[int]) -> Poll:
    """Sets the member's choice (replacing an earlier one); an empty choice removes the vote."""
    check_vote_permission(actor, poll)
    chosen = sorted({int(option_id) for option_id in option_ids})
    if len(chosen) > 1 and not poll.multiple:
        raise ValidationError({"option": [_("Choose one option.")]})
    known = set(poll.options.values_list("pk", flat=True))
    if not set(chosen) <= known:
        raise ValidationError({"option": [_("That option is not part of this poll.")]})
    return do_vote(actor, poll, chosen)


def do_vote(actor, poll: Poll, option_ids: list[int]) -> Poll:
    with transaction.atomic():
        locked = Poll.objects.select_for_update().select_related("post__topic").get(pk=poll.pk)
        if locked.is_closed:
            # Closed between the check and the lock.
            raise ValidationError(_("Voting has closed; your vote can no longer be changed."))
        PollVote.objects.filter(poll=locked, user=actor).delete()
        PollVote.objects.bulk_create(
            PollVote(poll=locked, option_id=option_id, user=actor) for option_id in option_ids
        )
        counts = dict(
            PollVote.objects.filter(poll=locked)
            .values_list("option_id")
            .annotate(n=Count("pk"))
            .values_list("option_id", "n")
        )
        options = list(locked.options.all())
        for option in options:
            option.vote_count = counts.get(option.pk, 0)
        PollOption.objects.bulk_update(options, ["vote_count"])
        locked.voter_count = (
            PollVote.objects.filter(poll=locked).values("user_id").distinct().count()
        )
        locked.save(update_fields=["voter_count"])
        _publish("poll.voted", locked.post, actor, poll_id=locked.pk)
    return locked


def check_close_poll(actor, poll: Poll) -> Poll:
    poll.refresh_from_db(fields=["closed_at"])
    check_close_poll_permission(actor, poll)
    with transaction.atomic():
        locked = Poll.objects.select_for_update().select_related("post__topic").get(pk=poll.pk)
        if locked.closed_at is None:
            locked.closed_at = timezone.now()
            locked.save(update_fields=["closed_at"])
            _publish("poll.closed", locked.post, actor, poll_id=locked.pk)
    return locked


def my_poll_votes(user, poll: Poll) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(PollVote.objects.filter(poll=poll, user=user).values_list("option_id", flat=True))


# Consent rounds -------------------------------------------------------------------------------


def validate_consent_round(proposal: str, quorum: int) -> str:
    errors: dict[str, list[str]] = {}
    proposal = (proposal or "").strip()
    if not proposal:
        errors["proposal"] = [_("Say what the members consent to.")]
    elif len(proposal) > QUESTION_MAX_LENGTH:
        errors["proposal"] = [
            _("Keep the proposal under %(max)s characters.") % {"max": QUESTION_MAX_LENGTH}
        ]
    if not 1 <= quorum <= MAX_QUORUM:
        errors["quorum"] = [_("The quorum is a number from 1 to %(max)s.") % {"max": MAX_QUORUM}]
    if errors:
        raise ValidationError(errors)
    return proposal


def check_open_consent_round(actor, post: Post, *, proposal: str, quorum: int = 3) -> ConsentRound:
    check_add_decision_permission(actor, post)
    proposal = validate_consent_round(proposal, quorum)
    return do_open_consent_round(actor, post, proposal=proposal, quorum=quorum)


def do_open_consent_round(actor, post: Post, *, proposal: str, quorum: int = 3) -> ConsentRound:
    with transaction.atomic():
        Post.objects.select_for_update().filter(pk=post.pk).first()
        if _has_decision(post):
            raise ValidationError(_("This post already has a poll or consent round."))
        consent_round = ConsentRound.objects.create(
            topic_id=post.topic_id, post=post, proposal=proposal, quorum=quorum
        )
        _publish("consent.opened", post, actor, round_id=consent_round.pk)
    return consent_round


def check_respond(
    actor, consent_round: ConsentRound, choice: str, reason: str = ""
) -> ConsentResponse:
    check_vote_permission(actor, consent_round)
    if choice not in Choice.values:
        raise ValidationError({"choice": [_("Choose consent, objection or abstain.")]})
    reason = (reason or "").strip()
    if choice == Choice.OBJECTION and not reason:
        raise ValidationError(
            {"reason": [_("Say why you object, so the proposal can be improved.")]}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX_LENGTH}
                ]
            }
        )
    return do_respond(actor, consent_round, choice, reason)


def do_respond(
    actor, consent_round: ConsentRound, choice: str, reason: str = ""
) -> ConsentResponse:
    with transaction.atomic():
        locked = (
            ConsentRound.objects.select_for_update()
            .select_related("post__topic")
            .get(pk=consent_round.pk)
        )
        if locked.is_closed:
            raise ValidationError(_("Voting has closed; your vote can no longer be changed."))
        response, _created = ConsentResponse.objects.update_or_create(
            round=locked, user=actor, defaults={"choice": choice, "reason": reason}
        )
        _recount(locked)
        _publish("consent.responded", locked.post, actor, round_id=locked.pk)
    return response


def _recount(consent_round: ConsentRound) -> None:
    counts = dict(
        ConsentResponse.objects.filter(round=consent_round)
        .values_list("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    consent_round.consent_count = counts.get(Choice.CONSENT, 0)
    consent_round.objection_count = counts.get(Choice.OBJECTION, 0)
    consent_round.abstain_count = counts.get(Choice.ABSTAIN, 0)
    consent_round.save(update_fields=["consent_count", "objection_count", "abstain_count"])


def check_close_consent_round(
    actor, consent_round: ConsentRound, *, note: str = ""
) -> ConsentRound:
    """Closes the round with the outcome its responses give (consent_outcome)."""
    consent_round.refresh_from_db(fields=["closed_at"])
    check_close_consent_round_permission(actor, consent_round)
    if len(note) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"note": [_("Keep the note under %(max)s characters.") % {"max": REASON_MAX_LENGTH}]}
        )
    return do_close_consent_round(actor, consent_round, note=note.strip())


def do_close_consent_round(
    actor, consent_round: ConsentRound, *, note: str = "", outcome: str | None = None
) -> ConsentRound:
    """`outcome` given (withdrawn) overrides the rule; a closed round stays as it was."""
    with transaction.atomic():
        locked = (
            ConsentRound.objects.select_for_update()
            .select_related("post__topic", "topic")
            .get(pk=consent_round.pk)
        )
        if locked.is_closed:
            return locked
        _recount(locked)
        locked.outcome = outcome or consent_outcome(
            consent=locked.consent_count,
            objection=locked.objection_count,
            quorum=locked.quorum,
        )
        locked.closed_at = timezone.now()
        locked.closed_by = actor
        locked.outcome_note = note
        locked.save(update_fields=["outcome", "closed_at", "closed_by", "outcome_note"])
        consent_round_closed.send(sender=ConsentRound, round=locked, actor=actor)
        _publish("consent.closed", locked.post, actor, round_id=locked.pk, outcome=locked.outcome)
    return locked


def my_consent_response(user, consent_round: ConsentRound) -> ConsentResponse | None:
    if not user.is_authenticated:
        return None
    return ConsentResponse.objects.filter(round=consent_round, user=user).first()
