"""The hostile-input sweep, websockets: frames that are malformed or huge, topics the member
may not see, paths no route knows, and pending or hidden posts in the replay. Each is answered
with an error frame (or a refusal with close code 4404) in the socket's language, never a
server error, and the socket and the database stay as they were."""

import json

import pytest
from channels.db import database_sync_to_async

from community import actions
from community.moderation import check_review_post
from tests.community.test_realtime_consumers import communicator, receive, run, topic_path
from tests.factories import make_member
from tests.hostile import snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_malformed_and_huge_frames_get_a_dutch_error_frame_and_the_socket_lives(topic):
    before = snapshot()
    frames = [
        ("[" * 3000, "too_deep"),
        ('{"type": "hello", "after": ' + "[" * 2000 + "}", "too_deep"),
        ("\ud800", "not_json"),
        ('{"type": "\\u0000"}', "unknown_type"),
        ("a" * 1_000_000, "too_large"),
        (json.dumps({"type": "hello", "after": 10**30}), "future"),
        (json.dumps({"type": "hello", "after": -1}), "schema"),
        (json.dumps({"type": "hello", "after": 1.5}), "schema"),
    ]

    async def scenario():
        ws = communicator(topic_path(topic))
        assert (await ws.connect())[0]
        await receive(ws)
        for text, code in frames:
            await ws.send_to(text_data=text)
            frame = await receive(ws)
            assert (frame["type"], frame["code"]) == ("error", code), text[:40]
            assert frame["message"] and "server" not in frame["code"]
        await ws.send_json_to({"type": "ping"})
        assert await receive(ws) == {"type": "pong"}
        await ws.disconnect()

    run(scenario)
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        f"/ws/nl/community/topic/{10**30}/",
        f"/ws/nl/community/bespreekpunt/{10**30}/",
        "/ws/nl/community/topic/abc/",
        "/ws/nl/bestaat-niet/",
    ],
)
def test_paths_no_route_knows_are_refused_with_a_reason(path, topic):
    async def scenario():
        ws = communicator(path)
        assert (await ws.connect())[0]
        frame = await receive(ws)
        assert (
            frame["code"] == "not_found" and frame["message"] == "Op dit adres is niets te vinden."
        )
        assert (await ws.receive_output(timeout=2)) == {"type": "websocket.close", "code": 4404}

    run(scenario)


def test_a_pending_topic_cannot_be_subscribed_to_by_others(bespreekpunt, member):
    newcomer = make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)
    pending = actions.check_create_topic(
        newcomer, bespreekpunt, title="Nog niet goedgekeurd", body="Wachtend onderwerp"
    )

    async def scenario():
        for user in (None, member):
            ws = communicator(topic_path(pending), user=user)
            assert (await ws.connect())[0]
            assert (await receive(ws))["code"] == "not_found"
            assert (await ws.receive_output(timeout=2))["code"] == 4404
        own = communicator(topic_path(pending), user=newcomer)
        assert (await own.connect())[0]
        assert (await receive(own))["type"] == "presence"
        await own.disconnect()

    run(scenario)


def test_the_replay_leaves_out_pending_and_hidden_posts(topic, member, other_member, moderator):
    newcomer = make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)
    actions.check_create_post(newcomer, topic, body="Geheim wachtend bericht")
    hidden = actions.check_create_post(other_member, topic, body="Verborgen door moderator")
    check_review_post(moderator, hidden, decision="hide", reason="Test")

    async def scenario():
        for user in (None, member):
            ws = communicator(topic_path(topic), user=user)
            await ws.connect()
            await receive(ws)
            await ws.send_json_to({"type": "hello", "after": 0})
            html = ""
            while (frame := await receive(ws))["type"] != "synced":
                html += frame.get("html", "")
            assert "Hoe" in html  # the first post is there
            assert "Geheim wachtend bericht" not in html
            assert "Verborgen door moderator" not in html
            await ws.disconnect()

    run(scenario)


def test_a_post_that_becomes_pending_after_connect_is_not_pushed(topic, other_member):
    """A newcomer's post goes to nobody but its author and moderators, live as on the page."""
    newcomer = make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)
    create = database_sync_to_async(actions.check_create_post)

    async def scenario():
        ws = communicator(topic_path(topic), user=other_member)
        await ws.connect()
        await receive(ws)
        await create(newcomer, topic, body="Geheim wachtend bericht")
        assert await ws.receive_nothing(timeout=1)
        await ws.disconnect()

    run(scenario)
