"""A socket whose channel layer lost Redis for a while resyncs from the database by itself
(community.realtime.layer sends "layer.reconnected" when its subscriptions are back)."""

import pytest
from channels.layers import get_channel_layer

from community.events import event_published
from community.realtime.broadcast import broadcast_event
from community.realtime.groups import member_group, topic_group
from tests.community.test_realtime_consumers import (
    communicator,
    create_post,
    receive,
    receive_until,
    run,
    topic_path,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_posts_missed_while_the_layer_was_cut_off_arrive_after_it_reconnects(topic, other_member):
    async def scenario():
        ws = communicator(topic_path(topic))
        connected, _ = await ws.connect()
        assert connected
        await ws.send_json_to({"type": "hello", "after": 1})
        assert await receive_until(ws, "synced") == {"type": "synced", "last": 1}
        # Redis is away: the post is saved, its broadcast reaches nobody.
        event_published.disconnect(broadcast_event, dispatch_uid="community.realtime.broadcast")
        try:
            await create_post(other_member, topic, body="Geschreven toen Redis weg was")
            await create_post(other_member, topic, body="En nog een")
        finally:
            event_published.connect(broadcast_event, dispatch_uid="community.realtime.broadcast")
        await get_channel_layer().group_send(
            topic_group(topic.pk, "nl"), {"type": "layer.reconnected"}
        )
        frames = [await receive_until(ws, "post"), await receive(ws), await receive(ws)]
        assert [f.get("number") for f in frames[:2]] == [2, 3]
        assert all(f["event"] == "resync" for f in frames[:2])
        assert "Geschreven toen Redis weg was" in frames[0]["html"]
        assert frames[2] == {"type": "synced", "last": 3}
        await ws.disconnect()

    run(scenario)


def test_a_member_socket_gets_its_count_again_after_the_layer_reconnects(member):
    async def scenario():
        ws = communicator("/ws/nl/community/me/", member)
        connected, _ = await ws.connect()
        assert connected
        await get_channel_layer().group_send(member_group(member.pk), {"type": "layer.reconnected"})
        assert await receive(ws) == {"type": "notification.count", "count": 0}
        await ws.disconnect()

    run(scenario)
