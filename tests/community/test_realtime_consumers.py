"""The community websockets through the real ASGI stack (origin check, sessions, routing)."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client

from community import actions
from community.realtime.broadcast import send_to_member
from community.realtime.protocol import MAX_FRAME_BYTES
from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    cookie = SimpleCookie()
    cookie["sessionid"] = client.cookies["sessionid"].value
    cookie["csrftoken"] = "a" * 32
    return cookie.output(header="", sep=";").strip().encode()


def communicator(path: str, user=None, origin: bytes = b"http://testserver"):
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if user is not None:
        headers.append((b"cookie", session_cookie(user)))
    return WebsocketCommunicator(application, path, headers=headers)


def topic_path(topic, language="nl") -> str:
    return f"/ws/{language}/community/topic/{topic.pk}/"


async def receive(ws, timeout: float = 3) -> dict:
    return json.loads(await ws.receive_from(timeout=timeout))


async def receive_until(ws, kind: str, timeout: float = 3) -> dict:
    while True:
        frame = await receive(ws, timeout)
        if frame["type"] == kind:
            return frame


create_post = database_sync_to_async(actions.check_create_post)


def run(coroutine_function):
    """Runs the scenario on its own event loop in a worker thread: once the Playwright harness
    has started, the test thread already has a running loop that must not be reused."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine_function()).result()


def test_a_reader_receives_a_post_created_through_the_action(topic, other_member):
    async def scenario():
        ws = communicator(topic_path(topic))
        connected, _ = await ws.connect()
        assert connected
        assert (await receive(ws))["type"] == "presence"
        await ws.send_json_to({"type": "hello", "after": 1})
        assert await receive(ws) == {"type": "synced", "last": 1}
        await create_post(other_member, topic, body="Wij werken met **leeruitkomsten**.")
        frame = await receive_until(ws, "post")
        assert frame["event"] == "post.created"
        assert frame["number"] == 2
        assert 'id="post-2"' in frame["html"]
        assert "<strong>leeruitkomsten</strong>" in frame["html"]
        assert "Jeroen Bakker" in frame["html"]
        # An anonymous reader gets no member controls.
        assert "csrfmiddlewaretoken" not in frame["html"]
        await ws.disconnect()

    run(scenario)


def test_a_reconnect_resyncs_every_missed_post_in_order(topic, other_member):
    for n in range(3):
        actions.check_create_post(other_member, topic, body=f"Gemist bericht {n}")

    async def scenario():
        ws = communicator(topic_path(topic, "en"))
        await ws.connect()
        await receive(ws)
        await ws.send_json_to({"type": "hello", "after": 1})
        frames = [await receive(ws) for _ in range(4)]
        assert [f.get("number") for f in frames[:3]] == [2, 3, 4]
        assert "Gemist bericht 0" in frames[0]["html"]
        assert "/en/" in frames[0]["html"]
        assert frames[3] == {"type": "synced", "last": 4}
        await ws.disconnect()

    run(scenario)


def test_a_member_socket_renders_the_post_with_their_own_controls(topic, member):
    async def scenario():
        ws = communicator(topic_path(topic), user=member)
        assert (await ws.connect())[0]
        await receive(ws)
        await create_post(member, topic, body="Mijn eigen bericht")
        frame = await receive_until(ws, "post")
        assert "csrfmiddlewaretoken" in frame["html"]
        assert "/bewerken/" in frame["html"] or "edit" in frame["html"]
        await ws.disconnect()

    run(scenario)


def test_a_rolled_back_post_is_never_broadcast(topic, other_member):
    def post_and_roll_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.check_create_post(other_member, topic, body="Teruggedraaid")
            raise RuntimeError("roll back")

    async def scenario():
        ws = communicator(topic_path(topic))
        await ws.connect()
        await receive(ws)
        await database_sync_to_async(post_and_roll_back)()
        assert await ws.receive_nothing(timeout=0.5)
        await ws.disconnect()

    run(scenario)


def test_hidden_and_deleted_posts_reach_readers_as_placeholders(topic, other_member, moderator):
    post = actions.check_create_post(other_member, topic, body="Geheime inhoud")

    async def scenario():
        ws = communicator(topic_path(topic))
        await ws.connect()
        await receive(ws)
        await database_sync_to_async(actions.check_hide_post)(moderator, post)
        frame = await receive_until(ws, "post")
        assert frame["event"] == "post.hidden"
        assert "Geheime inhoud" not in frame["html"]
        assert "post__placeholder" in frame["html"]
        await ws.send_json_to({"type": "hello", "after": 0})
        frames = [await receive(ws) for _ in range(3)]
        assert "Geheime inhoud" not in frames[1]["html"]
        await ws.disconnect()

    run(scenario)


def test_reaction_counts_arrive_live(topic, member, other_member):
    first = topic.posts.get(number=1)

    async def scenario():
        ws = communicator(topic_path(topic))
        await ws.connect()
        await receive(ws)
        await database_sync_to_async(actions.check_react)(other_member, first, "heart")
        frame = await receive_until(ws, "post")
        assert frame["event"] == "reaction.changed"
        assert "Jeroen Bakker" in frame["html"]
        await ws.disconnect()

    run(scenario)


def test_a_foreign_origin_is_rejected(topic):
    validator = application.application_mapping["websocket"]

    async def scenario():
        saved = validator.allowed_origins
        validator.allowed_origins = ["site.example"]
        try:
            ws = communicator(topic_path(topic), origin=b"http://evil.example")
            connected, _ = await ws.connect()
            assert not connected
            ws = communicator(topic_path(topic), origin=b"https://site.example")
            assert (await ws.connect())[0]
            await ws.disconnect()
        finally:
            validator.allowed_origins = saved

    run(scenario)


def test_bad_frames_get_error_frames_and_the_socket_keeps_working(topic, other_member):
    async def scenario():
        ws = communicator(topic_path(topic))
        bystander = communicator(topic_path(topic))
        await ws.connect()
        await bystander.connect()
        await receive(ws)
        await receive(bystander)
        bad = [
            ("{not json", "not_json"),
            (json.dumps({"type": "x", "pad": "a" * MAX_FRAME_BYTES}), "too_large"),
            (json.dumps({"type": "shout"}), "unknown_type"),
            (json.dumps(["hello"]), "schema"),
            (json.dumps({"type": "hello", "after": "3"}), "schema"),
            (json.dumps({"type": "hello", "after": 99}), "future"),
            (json.dumps({"type": "presence", "state": "reading"}), "forbidden"),
        ]
        for text, code in bad:
            await ws.send_to(text_data=text)
            frame = await receive(ws)
            assert frame["type"] == "error"
            assert frame["code"] == code, text[:40]
            assert frame["message"]
        await ws.send_to(bytes_data=b"\x00\x01")
        assert (await receive(ws))["code"] == "binary"
        await ws.send_json_to({"type": "ping"})
        assert await receive(ws) == {"type": "pong"}
        await create_post(other_member, topic, body="Nog steeds live")
        assert (await receive_until(ws, "post"))["number"] == 2
        assert (await receive_until(bystander, "post"))["number"] == 2
        await ws.disconnect()
        await bystander.disconnect()

    run(scenario)


def test_the_error_messages_speak_the_sockets_language(topic):
    async def scenario():
        ws = communicator(topic_path(topic, "nl"))
        await ws.connect()
        await receive(ws)
        await ws.send_to(text_data="{")
        assert (await receive(ws))["message"] == "Het bericht is geen geldige JSON."
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize("path", ["/ws/nl/community/topic/999999/", "/ws/xx/community/topic/1/"])
def test_a_topic_that_does_not_exist_is_refused_with_a_reason(path, topic):
    async def scenario():
        ws = communicator(path)
        assert (await ws.connect())[0]
        frame = await receive(ws)
        assert frame["type"] == "error"
        assert frame["code"] == "not_found"
        assert (await ws.receive_output(timeout=2)) == {"type": "websocket.close", "code": 4404}

    run(scenario)


def test_an_unpublished_bespreekpunt_hides_its_topics(topic, bespreekpunt):
    bespreekpunt.unpublish()

    async def scenario():
        ws = communicator(topic_path(topic))
        await ws.connect()
        assert (await receive(ws))["code"] == "not_found"

    run(scenario)


def test_presence_lists_who_reads_and_who_writes(topic, member, other_member):
    async def scenario():
        reader = communicator(topic_path(topic), user=member)
        writer = communicator(topic_path(topic), user=other_member)
        await reader.connect()
        await writer.connect()
        await receive(reader)
        await receive(writer)
        await reader.send_json_to({"type": "presence", "state": "reading"})
        assert await receive_until(reader, "presence") == {
            "type": "presence",
            "reading": ["Marieke de Vries"],
            "writing": [],
        }
        await writer.send_json_to({"type": "presence", "state": "writing"})
        frame = await receive_until(reader, "presence")
        assert frame["writing"] == ["Jeroen Bakker"]
        await writer.disconnect()
        frame = await receive_until(reader, "presence")
        assert frame == {"type": "presence", "reading": ["Marieke de Vries"], "writing": []}
        await reader.disconnect()

    run(scenario)


def test_the_bespreekpunt_list_hears_of_new_topics_and_activity(bespreekpunt, member):
    async def scenario():
        ws = communicator(f"/ws/nl/community/bespreekpunt/{bespreekpunt.pk}/")
        assert (await ws.connect())[0]
        topic = await database_sync_to_async(actions.check_create_topic)(
            member, bespreekpunt, title="Nieuw live onderwerp", body="Start"
        )
        frames = [await receive(ws), await receive(ws)]
        created = next(f for f in frames if f["event"] == "topic.created")
        assert created["title"] == "Nieuw live onderwerp"
        assert created["url"].startswith("/nl/")
        await create_post(member, topic, body="Reactie")
        activity = await receive(ws)
        assert activity["event"] == "topic.activity"
        assert activity["reply_count"] == 1
        await ws.disconnect()

    run(scenario)


def test_the_members_own_channel_carries_the_notification_count(member):
    async def scenario():
        ws = communicator("/ws/nl/community/me/", user=member)
        assert (await ws.connect())[0]
        await database_sync_to_async(send_to_member)(
            member.pk, {"type": "notification.count", "count": 3}
        )
        assert await receive(ws) == {"type": "notification.count", "count": 3}
        await ws.disconnect()
        anonymous = communicator("/ws/nl/community/me/")
        await anonymous.connect()
        assert (await receive(anonymous))["code"] == "login_required"
        assert (await anonymous.receive_output(timeout=2))["code"] == 4401

    run(scenario)
