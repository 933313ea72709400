"""Turns committed community events into channel-layer group sends.

`community.events.publish_event` sends `event_published` from `transaction.on_commit`, so a
rolled-back write never reaches a socket. Each post event carries the post's frame rendered and
JSON-encoded once per language for an anonymous reader (the public rendering: a hidden or
deleted post is its placeholder), so an anonymous reader's socket only forwards that text; a
socket of a signed-in member re-renders the post for that member (their own buttons and forms),
see consumers.TopicConsumer.post_event. All of one event's group sends go to the event loop in
one hop (bench/bench_websockets.py).

Channel layers deliver at most once: a lost message is repaired by the client's resync on its
next (re)connect, never by retries here. A broadcast that fails is logged and does not fail the
write that already committed.
"""

import asyncio
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.dispatch import receiver
from django.utils import translation

from community.events import Event, event_published
from community.models import ConsentRound, Poll, Topic
from community.realtime.groups import bespreekpunt_group, member_group, topic_group
from community.realtime.render import LANGUAGES, page_for_language, posts_for, render_posts
from community.views.context import topic_url

logger = logging.getLogger(__name__)

POST_EVENTS = ("post.", "reaction.")
DECISION_EVENTS = ("poll.", "consent.")
MEMBER_FRAME_TYPES = ("notification.count", "notification.new")


# Inside _batched(): the sends waiting to go to the event loop together.
_batch: ContextVar[list[tuple[str, dict[str, Any]]] | None] = ContextVar(
    "community_realtime_batch", default=None
)


def _group_send(group: str, message: dict[str, Any]) -> None:
    batch = _batch.get()
    if batch is not None:
        batch.append((group, message))
    else:
        _send_now([(group, message)])


@contextmanager
def _batched() -> Iterator[None]:
    """The group sends inside go to the event loop in one hop when it ends, not one each: the
    writer's thread blocks on every hop while the loop is busy delivering."""
    token = _batch.set([])
    try:
        yield
        sends = _batch.get() or []
    finally:
        _batch.reset(token)
    _send_now(sends)


def _send_now(sends: list[tuple[str, dict[str, Any]]]) -> None:
    layer = get_channel_layer()
    if layer is None or not sends:
        return

    async def send_all() -> None:
        await asyncio.gather(*(layer.group_send(group, message) for group, message in sends))

    async_to_sync(send_all)()


def post_message(event: str, post_id: int, number: int, html: str) -> dict[str, Any]:
    """The group message of a post event; `text` is the public frame already encoded, so an
    anonymous reader's socket sends it as it is (consumers.TopicConsumer.post_event)."""
    frame = {"type": "post", "event": event, "number": number, "html": html}
    return {
        "type": "post.event",
        "event": event,
        "post_id": post_id,
        "number": number,
        "html": html,
        "text": json.dumps(frame),
    }


@receiver(event_published, dispatch_uid="community.realtime.broadcast")
def broadcast_event(sender, event: Event, **kwargs) -> None:
    try:
        with _batched():
            _broadcast(event)
    except Exception:
        logger.exception("broadcasting %s (topic %s) failed", event.name, event.topic_id)


def _broadcast(event: Event) -> None:
    if event.topic_id is None:
        return
    topic = Topic.objects.select_related("bespreekpunt").filter(pk=event.topic_id).first()
    if topic is None:
        return
    # Posts awaiting approval never go out (posts_for(None) leaves them out); once approved,
    # readers receive them as new posts.
    name = "post.created" if event.name == "post.approved" else event.name
    if topic.is_pending:
        return
    if name.startswith(DECISION_EVENTS):
        _send_decision(event, topic)
        return
    if event.post_id is not None and name.startswith(POST_EVENTS):
        post = posts_for(None, topic).filter(pk=event.post_id).first()
        if post is None and name == "post.created":
            return
        if post is not None:
            for language in LANGUAGES:
                [(number, html)] = render_posts(topic, [post], language=language)
                message = post_message(name, post.pk, number, html)
                _group_send(topic_group(topic.pk, language), message)
    if name in ("topic.created", "post.created"):
        first = event.name == "post.approved" and event.data.get("number") == 1
        _send_topic_activity("topic.created" if first else name, topic)


def _send_decision(event: Event, topic: Topic) -> None:
    """New results of a poll or consent round, the same for every reader: one rendering per
    language. A new or closed one changes the page's forms, so the client reloads then."""
    from community.views.decisions import consent_results_html, poll_results_html

    if "poll_id" in event.data:
        poll = Poll.objects.filter(pk=event.data["poll_id"]).first()
        if poll is None:
            return
        options = list(poll.options.order_by("position"))
        anchor, closed = f"poll-{poll.pk}", poll.is_closed

        def render() -> str:
            return poll_results_html(poll, options)
    else:
        consent_round = ConsentRound.objects.filter(pk=event.data.get("round_id", 0)).first()
        if consent_round is None:
            return
        responses = list(
            consent_round.responses.select_related("user__profile").order_by("updated_at")
        )
        anchor, closed = f"consent-{consent_round.pk}", consent_round.is_closed

        def render() -> str:
            return consent_results_html(consent_round, responses)

    for language in LANGUAGES:
        with translation.override(language):
            html = render()
        frame = {
            "type": "decision",
            "event": event.name,
            "id": anchor,
            "html": html,
            "closed": closed,
        }
        _group_send(topic_group(topic.pk, language), {"type": "frame", "frame": frame})


def _send_topic_activity(name: str, topic: Topic) -> None:
    root = topic.bespreekpunt
    for language in LANGUAGES:
        with translation.override(language):
            url = topic_url(page_for_language(root, language), topic)
        frame = {
            "type": "topic",
            "event": "topic.created" if name == "topic.created" else "topic.activity",
            "topic_id": topic.pk,
            "title": topic.title,
            "url": url,
            "post_count": topic.post_count,
            "reply_count": topic.reply_count,
            "last_posted_at": topic.last_posted_at.isoformat(),
        }
        _group_send(bespreekpunt_group(root.pk, language), {"type": "frame", "frame": frame})


def send_to_member(user_id: int, frame: dict[str, Any]) -> None:
    """Sends `frame` to every open socket of one member; call it after commit.

    frame: {"type": "notification.count", "count": n} or
    {"type": "notification.new", "text": str, "url": str, "count": n}.
    """
    if frame.get("type") not in MEMBER_FRAME_TYPES:
        raise ValueError(f"member frames are {MEMBER_FRAME_TYPES}, not {frame.get('type')!r}")
    _group_send(member_group(user_id), {"type": "frame", "frame": frame})
