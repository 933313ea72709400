"""Websocket consumers: one per subject (a topic, a bespreekpunt's topic list, a member).

Every incoming frame goes through protocol.parse_frame; a bad one is logged and answered with an
error frame, and an unexpected failure while handling a frame is logged and answered the same
way, so one client's bad input never closes its socket by surprise or touches other clients.
Channels hands a consumer one message at a time, so group events that arrive while a resync is
being sent wait behind it; the client replaces a post it already has, so overlap is harmless.

Delivery is the hot path: one post goes to every reader of a topic at once (1,000 sockets in
bench/bench_websockets.py). An anonymous reader's socket forwards the frame text the broadcaster
encoded once per process (broadcast.post_message) and touches neither the database nor a
thread; every database access here goes through database_sync_to_async.
"""

import json
import logging
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _

from community.models import BespreekpuntPage, Topic
from community.notifications import unread_notification_count
from community.permissions import filter_visible_topics, is_member
from community.realtime import presence
from community.realtime.groups import bespreekpunt_group, member_group, topic_group
from community.realtime.protocol import (
    CLOSE_LOGIN_REQUIRED,
    CLOSE_NOT_FOUND,
    MAX_RESYNC,
    FrameError,
    error_frame,
    parse_frame,
)
from community.realtime.render import LANGUAGES, posts_for, render_posts

logger = logging.getLogger(__name__)


class BaseConsumer(AsyncWebsocketConsumer):
    language = LANGUAGES[0]

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its `aclose_old_connections()` before every message: that
        is a hop to the one shared sync thread per socket per message, which queued 1,000 readers
        of a post behind each other (and behind requests). The database calls here all run in
        database_sync_to_async, which closes old connections itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def send_frame(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(frame))

    async def refuse(self, close_code: int, code: str, message: str) -> None:
        """Accepts only to say why, then closes: a browser sees the reason, not a bare 403."""
        logger.info("websocket %s refused: %s", self.scope.get("path"), code)
        await self.accept()
        await self.send_frame(error_frame(code, message))
        await self.close(code=close_code)

    def _language_ok(self) -> bool:
        language = self.scope["url_route"]["kwargs"].get("language", LANGUAGES[0])
        if language not in LANGUAGES:
            return False
        self.language = language
        return True

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        with translation.override(self.language):
            try:
                frame = parse_frame(text_data)
                await self.handle_frame(frame)
            except FrameError as error:
                logger.warning(
                    "websocket %s bad frame from %s: %s",
                    self.scope.get("path"),
                    self.scope.get("client"),
                    error.code,
                )
                await self.send_frame(error_frame(error.code, error.message))
            except Exception:
                logger.exception("websocket %s failed to handle a frame", self.scope.get("path"))
                await self.send_frame(
                    error_frame("server_error", _("Something went wrong; please reload."))
                )

    async def handle_frame(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "ping":
            await self.send_frame({"type": "pong"})
            return
        raise FrameError(
            "unknown_type", _("Unknown message type “%(type)s”.") % {"type": frame["type"]}
        )

    async def frame(self, message: dict[str, Any]) -> None:
        """A ready frame from the group (presence, topic activity, notifications)."""
        await self.send_frame(message["frame"])

    async def layer_reconnected(self, message: dict[str, Any]) -> None:
        """Redis cut the channel layer off for a while (community.realtime.layer): what was
        published meanwhile is lost. Subclasses resend what the client may have missed."""


class TopicConsumer(BaseConsumer):
    """New, edited and deleted posts, reaction counts and presence of one topic."""

    topic: Topic
    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        # The highest post number this socket has told its client of (None before its hello).
        self.last_number: int | None = None
        self.user = self.scope["user"]
        self.is_member = False
        self.in_presence = False
        self.last_presence: dict[str, list[str]] | None = None
        if not self._language_ok():
            await self.refuse(CLOSE_NOT_FOUND, "not_found", _("Unknown language."))
            return
        with translation.override(self.language):
            topic = await self._load_topic(self.scope["url_route"]["kwargs"]["topic_id"])
            if topic is None:
                await self.refuse(
                    CLOSE_NOT_FOUND, "not_found", _("This topic does not exist or is not public.")
                )
                return
        self.topic = topic
        self.csrf_cookie = self.scope.get("cookies", {}).get("csrftoken")
        self.is_member, self.display_name = await self._member_details()
        group = topic_group(topic.pk, self.language)
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)
        await self.accept()
        await self.send_presence(await presence.snapshot(topic.pk))

    @database_sync_to_async
    def _load_topic(self, topic_id: int) -> Topic | None:
        visible = filter_visible_topics(self.scope["user"], Topic.objects.all())
        return visible.select_related("bespreekpunt").filter(pk=topic_id).first()

    @database_sync_to_async
    def _member_details(self) -> tuple[bool, str]:
        if not is_member(self.user):
            return False, ""
        profile = getattr(self.user, "profile", None)
        return True, (profile.display_name if profile else "") or self.user.get_username()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.in_presence:
            await presence.store().leave(self.topic.pk, self.channel_name)
            await self.share_presence()

    async def handle_frame(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "hello":
            await self.resync(frame["after"])
        elif frame["type"] == "presence":
            if not self.is_member:
                raise FrameError("forbidden", _("Only members can share that they are here."))
            await presence.store().touch(
                self.topic.pk, self.channel_name, self.user.pk, self.display_name, frame["state"]
            )
            self.in_presence = True
            await self.share_presence()
        else:
            await super().handle_frame(frame)

    async def resync(self, after: int) -> None:
        """Every post after `after` from the database, then "synced": nothing is lost between
        the page load (or the last socket) and now."""
        rendered, last = await self._posts_after(after)
        if after > last:
            raise FrameError(
                "future",
                _("Post %(after)d does not exist yet (this topic has %(last)d posts).")
                % {"after": after, "last": last},
            )
        if rendered is None:
            await self.send_frame({"type": "reload"})
            return
        for number, html in rendered:
            await self.send_frame(
                {"type": "post", "event": "resync", "number": number, "html": html}
            )
        self.last_number = max(self.last_number or 0, last)
        await self.send_frame({"type": "synced", "last": last})

    async def layer_reconnected(self, message: dict[str, Any]) -> None:
        """Posts made while Redis was away reached no socket: send them as a hello would."""
        if self.last_number is not None:
            with translation.override(self.language):
                await self.resync(self.last_number)

    @database_sync_to_async
    def _posts_after(self, after: int) -> tuple[list[tuple[int, str]] | None, int]:
        """The rendered posts after `after` (None when more than MAX_RESYNC) and the topic's
        post count."""
        topic = Topic.objects.select_related("bespreekpunt").get(pk=self.topic.pk)
        if after > topic.post_count:
            return [], topic.post_count
        posts = list(posts_for(self.user, topic).filter(number__gt=after)[: MAX_RESYNC + 1])
        if len(posts) > MAX_RESYNC:
            return None, topic.post_count
        if not posts:  # the usual hello of a page that is up to date: nothing to render
            return [], topic.post_count
        html = render_posts(
            topic, posts, language=self.language, user=self.user, csrf_cookie=self.csrf_cookie
        )
        return html, topic.post_count

    async def post_event(self, message: dict[str, Any]) -> None:
        """A post changed. Anonymous readers get the public frame from the group message as it
        is (encoded once by the broadcaster); a member's socket renders the post again for that
        member (their buttons, their forms)."""
        if self.last_number is not None:
            self.last_number = max(self.last_number, message["number"])
        if not self.user.is_authenticated:
            await self.send(text_data=message["text"])
            return
        html = await self._render_for_user(message["post_id"]) or message["html"]
        await self.send_frame(
            {"type": "post", "event": message["event"], "number": message["number"], "html": html}
        )

    @database_sync_to_async
    def _render_for_user(self, post_id: int) -> str | None:
        topic = Topic.objects.select_related("bespreekpunt").get(pk=self.topic.pk)
        post = posts_for(self.user, topic).filter(pk=post_id).first()
        if post is None:
            return None
        [(_number, html)] = render_posts(
            topic, [post], language=self.language, user=self.user, csrf_cookie=self.csrf_cookie
        )
        return html

    async def share_presence(self) -> None:
        """Tells the topic's sockets who is here, only when that differs from what this socket
        last heard, so heartbeats of an unchanged room cost no broadcast."""
        snapshot = await presence.snapshot(self.topic.pk)
        if snapshot == self.last_presence:
            return
        frame = {"type": "presence", **snapshot}
        for language in LANGUAGES:
            await self.channel_layer.group_send(
                topic_group(self.topic.pk, language), {"type": "presence.event", "frame": frame}
            )

    async def presence_event(self, message: dict[str, Any]) -> None:
        frame = message["frame"]
        await self.send_presence({"reading": frame["reading"], "writing": frame["writing"]})

    async def send_presence(self, snapshot: dict[str, list[str]]) -> None:
        self.last_presence = snapshot
        await self.send_frame({"type": "presence", **snapshot})


class BespreekpuntConsumer(BaseConsumer):
    """New topics and latest activity of one bespreekpunt's topic list."""

    async def connect(self) -> None:
        self.group = None
        if not self._language_ok():
            await self.refuse(CLOSE_NOT_FOUND, "not_found", _("Unknown language."))
            return
        root_id = await self._root_id(self.scope["url_route"]["kwargs"]["page_id"])
        if root_id is None:
            with translation.override(self.language):
                await self.refuse(
                    CLOSE_NOT_FOUND, "not_found", _("This bespreekpunt does not exist.")
                )
            return
        self.group = bespreekpunt_group(root_id, self.language)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    @database_sync_to_async
    def _root_id(self, page_id: int) -> int | None:
        page = BespreekpuntPage.objects.live().filter(pk=page_id).first()
        return page.discussion_page().pk if page else None

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)


class MemberConsumer(BaseConsumer):
    """The member's own channel: notification count and new notifications, on every tab.

    Other apps send with community.realtime.broadcast.send_to_member(user_id, frame); the group
    is groups.member_group(user_id).
    """

    async def connect(self) -> None:
        self.group = None
        user = self.scope["user"]
        self._language_ok()
        if not user.is_authenticated:
            with translation.override(self.language):
                await self.refuse(CLOSE_LOGIN_REQUIRED, "login_required", _("Log in first."))
            return
        self.group = member_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def layer_reconnected(self, message: dict[str, Any]) -> None:
        """Counts pushed while Redis was away were lost: send the current one."""
        count = await self._unread_count()
        await self.send_frame({"type": "notification.count", "count": count})

    @database_sync_to_async
    def _unread_count(self) -> int:
        return unread_notification_count(self.scope["user"])

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)


class NotFoundConsumer(BaseConsumer):
    """Any websocket path no route knows (a topic id too long to be one, a typo): refused with a
    reason and close code 4404, as an unknown topic is, instead of an exception in the router
    that the server answers with a 500."""

    async def connect(self) -> None:
        language = self.scope["path"].split("/")[2:3]
        self.language = language[0] if language and language[0] in LANGUAGES else LANGUAGES[0]
        with translation.override(self.language):
            await self.refuse(CLOSE_NOT_FOUND, "not_found", _("There is nothing at this address."))
