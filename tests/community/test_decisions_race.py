"""100 members vote on one poll at once, each from their own PostgreSQL connection: every vote
counts exactly once.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \
     .venv/bin/pytest tests/community/test_decisions_race.py
"""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections

from community import decisions
from community.models import ConsentResponse, PollVote, Profile
from tests.browser import LIVE_DB

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="the race test needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
    ),
    LIVE_DB,
]

VOTERS = 100
# Below PostgreSQL's default max_connections (100), shared with the other developers' tests.
WORKERS = 30


@pytest.fixture
def voters(db):
    user_model = get_user_model()
    user_model.objects.bulk_create(
        user_model(username=f"stemmer{i:03}", email=f"stemmer{i:03}@example.org")
        for i in range(VOTERS)
    )
    users = list(user_model.objects.filter(username__startswith="stemmer").order_by("username"))
    Profile.objects.bulk_create(Profile(user=user, display_name=user.username) for user in users)
    members = Group.objects.get_or_create(name="Members")[0]
    members.user_set.add(*users)
    return users


def _all_at_once(func, users):
    start = threading.Barrier(WORKERS)

    def run(user):
        try:
            # The last few users have fewer peers; they still go at once.
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            return func(user)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, users))


def test_100_concurrent_votes_count_exactly(topic, member, voters):
    poll = decisions.check_add_poll(
        member, topic.posts.get(number=1), question="Dag?", options=["ma", "di", "wo"]
    )
    options = list(poll.options.order_by("position"))

    def vote(user):
        index = int(user.username[-3:]) % 3
        decisions.check_vote(user, poll, [options[index].pk])
        return index

    chosen = _all_at_once(vote, voters)
    poll.refresh_from_db()
    assert poll.voter_count == VOTERS
    assert PollVote.objects.filter(poll=poll).count() == VOTERS
    counts = [option.vote_count for option in poll.options.order_by("position")]
    assert counts == [chosen.count(0), chosen.count(1), chosen.count(2)]
    assert sum(counts) == VOTERS


def test_100_concurrent_changes_of_a_vote_leave_one_vote_each(topic, member, voters):
    poll = decisions.check_add_poll(
        member, topic.posts.get(number=1), question="Dag?", options=["ma", "di"], multiple=True
    )
    ma, di = poll.options.order_by("position")
    for user in voters[:50]:
        decisions.check_vote(user, poll, [ma.pk])

    def change(user):
        decisions.check_vote(user, poll, [di.pk])

    _all_at_once(change, voters)
    poll.refresh_from_db()
    ma.refresh_from_db()
    di.refresh_from_db()
    assert (poll.voter_count, ma.vote_count, di.vote_count) == (VOTERS, 0, VOTERS)


def test_100_concurrent_consent_responses_count_exactly(topic, member, voters):
    consent_round = decisions.check_open_consent_round(
        member, topic.posts.get(number=1), proposal="P", quorum=50
    )

    def respond(user):
        number = int(user.username[-3:])
        choice = "abstain" if number % 10 == 0 else "consent"
        decisions.check_respond(user, consent_round, choice)
        return choice

    chosen = _all_at_once(respond, voters)
    consent_round.refresh_from_db()
    assert ConsentResponse.objects.filter(round=consent_round).count() == VOTERS
    assert consent_round.consent_count == chosen.count("consent") == 90
    assert consent_round.abstain_count == 10
    closed = decisions.check_close_consent_round(member, consent_round)
    assert closed.outcome == "consent"
