"""Polls and consent rounds: every action and who may do it, the consent rule, the forms
without JavaScript, and what the topic page and its sockets show."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import actions, decisions
from community.models import ConsentResponse, ConsentRound, Poll, PollVote
from community.signals import consent_round_closed
from tests.factories import make_member

Outcome = ConsentRound.Outcome


@pytest.fixture
def opening(topic):
    return topic.posts.get(number=1)


@pytest.fixture
def poll(member, opening):
    return decisions.check_add_poll(
        member, opening, question="Welke dag?", options=["maandag", "dinsdag", "woensdag"]
    )


@pytest.fixture
def consent_round(member, opening):
    return decisions.check_open_consent_round(
        member, opening, proposal="We nemen leeruitkomsten op", quorum=2
    )


def option(poll, text):
    return poll.options.get(text=text)


# Adding --------------------------------------------------------------------------------------


def test_the_author_adds_a_poll_with_its_options(poll):
    assert [o.text for o in poll.options.order_by("position")] == ["maandag", "dinsdag", "woensdag"]
    assert not poll.is_closed and poll.voter_count == 0


def test_only_the_posts_author_or_a_moderator_adds_a_poll(opening, other_member, moderator):
    with pytest.raises(PermissionDenied):
        decisions.check_add_poll(other_member, opening, question="Q", options=["a", "b"])
    assert decisions.check_add_poll(moderator, opening, question="Q", options=["a", "b"])


def test_visitors_cannot_add_a_poll(opening):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        decisions.check_add_poll(AnonymousUser(), opening, question="Q", options=["a", "b"])


def test_a_post_holds_one_poll_or_round(poll, member, opening):
    with pytest.raises(ValidationError):
        decisions.check_open_consent_round(member, opening, proposal="Nog een")
    with pytest.raises(ValidationError):
        decisions.check_add_poll(member, opening, question="Nog een", options=["a", "b"])


@pytest.mark.parametrize(
    ("question", "options", "field"),
    [
        ("", ["a", "b"], "question"),
        ("Q", ["a"], "options"),
        ("Q", ["a", "A"], "options"),
        ("Q", [str(n) for n in range(21)], "options"),
    ],
)
def test_a_bad_poll_says_what_is_wrong(member, opening, question, options, field):
    with pytest.raises(ValidationError) as raised:
        decisions.check_add_poll(member, opening, question=question, options=options)
    assert field in raised.value.message_dict


def test_a_closing_time_in_the_past_is_refused(member, opening):
    with pytest.raises(ValidationError) as raised:
        decisions.check_add_poll(
            member, opening, question="Q", options=["a", "b"], closes_at=timezone.now()
        )
    assert "closes_at" in raised.value.message_dict


def test_no_poll_in_a_closed_topic(member, opening, topic):
    topic.is_closed = True
    topic.save()
    opening.refresh_from_db()
    with pytest.raises(PermissionDenied):
        decisions.check_add_poll(member, opening, question="Q", options=["a", "b"])


# Voting --------------------------------------------------------------------------------------


def test_one_vote_per_member_changeable_until_closing(poll, other_member):
    decisions.check_vote(other_member, poll, [option(poll, "maandag").pk])
    decisions.check_vote(other_member, poll, [option(poll, "dinsdag").pk])
    poll.refresh_from_db()
    assert poll.voter_count == 1
    assert option(poll, "maandag").vote_count == 0
    assert option(poll, "dinsdag").vote_count == 1
    decisions.check_vote(other_member, poll, [])  # taking the vote back
    poll.refresh_from_db()
    assert poll.voter_count == 0 and not PollVote.objects.exists()


def test_single_choice_takes_one_option_multiple_several(member, poll, other_member, topic):
    with pytest.raises(ValidationError):
        decisions.check_vote(other_member, poll, [o.pk for o in poll.options.all()])
    second = actions.check_create_post(member, topic, body="Nog een vraag")
    several = decisions.check_add_poll(
        member, second, question="Welke?", options=["a", "b", "c"], multiple=True
    )
    decisions.check_vote(other_member, several, [o.pk for o in several.options.all()[:2]])
    several.refresh_from_db()
    assert several.voter_count == 1
    assert sorted(o.vote_count for o in several.options.all()) == [0, 1, 1]


def test_an_option_of_another_poll_is_refused(poll, other_member, member, topic):
    second = actions.check_create_post(member, topic, body="Tweede")
    other = decisions.check_add_poll(member, second, question="Ander", options=["x", "y"])
    with pytest.raises(ValidationError):
        decisions.check_vote(other_member, poll, [other.options.first().pk])


def test_visitors_cannot_vote(poll):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        decisions.check_vote(AnonymousUser(), poll, [option(poll, "maandag").pk])


def test_nobody_votes_after_closing_by_hand_or_by_time(poll, member, other_member, opening):
    with pytest.raises(PermissionDenied):
        decisions.check_close_poll(other_member, poll)
    decisions.check_close_poll(member, poll)
    poll.refresh_from_db()
    with pytest.raises(PermissionDenied):
        decisions.check_vote(other_member, poll, [option(poll, "maandag").pk])
    timed = decisions.do_add_poll(
        member,
        actions.check_create_post(member, opening.topic, body="Later"),
        question="Tijd",
        options=["a", "b"],
        closes_at=timezone.now() + timedelta(hours=1),
    )
    Poll.objects.filter(pk=timed.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    timed.refresh_from_db()
    assert timed.is_closed and timed.ended_at == timed.closes_at
    with pytest.raises(PermissionDenied):
        decisions.check_vote(other_member, timed, [timed.options.first().pk])


def test_a_moderator_closes_any_poll(poll, moderator):
    assert decisions.check_close_poll(moderator, poll).is_closed


def test_hidden_results_show_only_after_closing(
    member, opening, other_member, client, topic, django_capture_on_commit_callbacks
):
    poll = decisions.check_add_poll(
        member, opening, question="Geheim?", options=["ja", "nee"], results_public=False
    )
    decisions.check_vote(other_member, poll, [option(poll, "ja").pk])
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Geheim?" in page and "1 vote" not in page and "1 stem" not in page
    with django_capture_on_commit_callbacks(execute=True):  # renews the cached page
        decisions.check_close_poll(member, poll)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "1 stem (100%)" in page


# Consent rounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "objection", "quorum", "outcome"),
    [
        (3, 0, 3, Outcome.CONSENT),
        (5, 0, 3, Outcome.CONSENT),
        (2, 0, 3, Outcome.NO_QUORUM),
        (0, 0, 1, Outcome.NO_QUORUM),
        (5, 1, 3, Outcome.OBJECTION),
        (0, 1, 3, Outcome.OBJECTION),
    ],
)
def test_the_consent_rule(consent, objection, quorum, outcome):
    assert decisions.consent_outcome(consent=consent, objection=objection, quorum=quorum) == outcome


def test_consent_when_the_quorum_consents_and_no_objection_stands(
    consent_round, member, other_member
):
    decisions.check_respond(member, consent_round, "consent")
    decisions.check_respond(other_member, consent_round, "consent")
    decisions.check_respond(make_member("derde"), consent_round, "abstain")
    closed = decisions.check_close_consent_round(member, consent_round, note="Helder.")
    assert closed.outcome == Outcome.CONSENT and closed.closed_at is not None
    assert (closed.consent_count, closed.objection_count, closed.abstain_count) == (2, 0, 1)
    assert closed.closed_by == member and closed.outcome_note == "Helder."


def test_an_objection_needs_a_reason_and_blocks_until_resolved(consent_round, member, other_member):
    with pytest.raises(ValidationError) as raised:
        decisions.check_respond(other_member, consent_round, "objection")
    assert "reason" in raised.value.message_dict
    decisions.check_respond(other_member, consent_round, "objection", "Te vaag geformuleerd")
    decisions.check_respond(member, consent_round, "consent")
    consent_round.refresh_from_db()
    assert consent_round.objection_count == 1
    # Resolved: the objector changes their response after the proposal was talked through.
    decisions.check_respond(other_member, consent_round, "consent")
    consent_round.refresh_from_db()
    assert (consent_round.consent_count, consent_round.objection_count) == (2, 0)
    assert ConsentResponse.objects.filter(round=consent_round).count() == 2


def test_a_standing_objection_ends_without_consent(consent_round, member, other_member):
    decisions.check_respond(member, consent_round, "consent")
    decisions.check_respond(make_member("derde"), consent_round, "consent")
    decisions.check_respond(other_member, consent_round, "objection", "Nog niet")
    assert decisions.check_close_consent_round(member, consent_round).outcome == Outcome.OBJECTION


def test_too_few_consents_end_without_a_decision(consent_round, member):
    decisions.check_respond(member, consent_round, "consent")
    assert decisions.check_close_consent_round(member, consent_round).outcome == Outcome.NO_QUORUM


def test_an_unknown_response_is_refused(consent_round, other_member):
    with pytest.raises(ValidationError):
        decisions.check_respond(other_member, consent_round, "maybe")


def test_only_the_topic_author_or_a_moderator_closes_a_round(
    consent_round, other_member, moderator
):
    with pytest.raises(PermissionDenied):
        decisions.check_close_consent_round(other_member, consent_round)
    assert decisions.check_close_consent_round(moderator, consent_round).is_closed
    with pytest.raises(PermissionDenied):
        decisions.check_close_consent_round(moderator, consent_round)


def test_no_response_after_closing(consent_round, member, other_member):
    decisions.check_close_consent_round(member, consent_round)
    consent_round.refresh_from_db()
    with pytest.raises(PermissionDenied):
        decisions.check_respond(other_member, consent_round, "consent")


def test_closing_sends_the_signal_inside_the_transaction(consent_round, member):
    seen = []

    def listener(sender, round, actor, **kwargs):
        from django.db import connection

        seen.append((round.outcome, actor, connection.in_atomic_block))

    consent_round_closed.connect(listener)
    try:
        decisions.check_close_consent_round(member, consent_round)
    finally:
        consent_round_closed.disconnect(listener)
    assert seen == [(Outcome.NO_QUORUM, member, True)]


def test_a_quorum_out_of_range_is_refused(member, opening):
    with pytest.raises(ValidationError) as raised:
        decisions.check_open_consent_round(member, opening, proposal="P", quorum=0)
    assert "quorum" in raised.value.message_dict


# Events --------------------------------------------------------------------------------------


def test_votes_and_closes_publish_events(
    member, other_member, opening, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        poll = decisions.check_add_poll(member, opening, question="Q", options=["a", "b"])
        decisions.check_vote(other_member, poll, [poll.options.first().pk])
        decisions.check_close_poll(member, poll)
    names = [event.name for event in events]
    assert names == ["poll.added", "poll.voted", "poll.closed"]
    assert all(event.data["poll_id"] == poll.pk for event in events)
