"""Poll and consent results reach the topic's sockets live, through the real ASGI stack."""

import pytest
from channels.db import database_sync_to_async

from community import decisions
from tests.community.test_realtime_consumers import (
    communicator,
    receive,
    receive_until,
    run,
    topic_path,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_vote_sends_the_new_results_to_every_reader(topic, member, other_member):
    opening = topic.posts.get(number=1)
    poll = decisions.check_add_poll(member, opening, question="Dag?", options=["ma", "di"])
    consent_round = None
    vote = database_sync_to_async(decisions.check_vote)
    close = database_sync_to_async(decisions.check_close_poll)

    async def scenario():
        ws = communicator(topic_path(topic))
        connected, _ = await ws.connect()
        assert connected
        assert (await receive(ws))["type"] == "presence"
        await vote(other_member, poll, [poll.options.get(text="di").pk])
        frame = await receive_until(ws, "decision")
        assert frame["id"] == f"poll-{poll.pk}" and frame["event"] == "poll.voted"
        assert "1 stem (100%)" in frame["html"] and not frame["closed"]
        assert f'data-decision-results="poll-{poll.pk}"' in frame["html"]
        await close(member, poll)
        frame = await receive_until(ws, "decision")
        assert frame["closed"] and frame["event"] == "poll.closed"
        await ws.disconnect()

    run(scenario)
    assert consent_round is None


def test_a_consent_response_reaches_english_readers_in_english(topic, member, other_member):
    opening = topic.posts.get(number=1)
    consent_round = decisions.check_open_consent_round(member, opening, proposal="P", quorum=1)
    respond = database_sync_to_async(decisions.check_respond)

    async def scenario():
        ws = communicator(topic_path(topic, "en"))
        connected, _ = await ws.connect()
        assert connected
        await respond(other_member, consent_round, "objection", "Too vague")
        frame = await receive_until(ws, "decision")
        assert frame["id"] == f"consent-{consent_round.pk}"
        assert "1 objection" in frame["html"] and "Too vague" in frame["html"]
        assert "Jeroen Bakker" in frame["html"]
        await ws.disconnect()

    run(scenario)
