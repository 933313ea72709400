"""The frames spoken on community websockets, and validation of what clients send.

Client -> server (JSON objects, at most MAX_FRAME_BYTES):
    {"type": "hello", "after": <int>}        topic: the highest post number the page has; the
                                             server answers with every later post, then "synced"
    {"type": "presence", "state": "reading" | "writing"}   topic, members only; repeat at least
                                             every PRESENCE_HEARTBEAT seconds to stay listed
    {"type": "ping"}                         any socket; answered with {"type": "pong"}

Server -> client:
    {"type": "post", "event": <name>, "number": <int>, "html": <li of the post>}
    {"type": "synced", "last": <int>}       after the replies to a hello
    {"type": "decision", "event": "poll.voted" | "poll.added" | "poll.closed" | "consent.…",
     "id": "poll-<id>" | "consent-<id>", "html": <results>, "closed": <bool>}  new results
    {"type": "reload"}                       too many missed posts to send; reload the page
    {"type": "presence", "reading": [names], "writing": [names]}
    {"type": "topic", "event": "topic.created" | "topic.activity", "topic_id", "title", "url",
     "post_count", "reply_count", "last_posted_at"}                bespreekpunt list
    {"type": "notification.count", "count": <int>}                 member's own channel
    {"type": "notification.new", "text": <str>, "url": <str>, "count": <int>}
    {"type": "pong"}
    {"type": "error", "code": <code>, "message": <text in the socket's language>}
"""

import json
from typing import Any

from django.utils.translation import gettext as _

MAX_FRAME_BYTES = 4096
PRESENCE_STATES = ("reading", "writing")
# Seconds: clients repeat their presence this often; an entry not repeated within
# PRESENCE_TIMEOUT (a crashed tab or server process) disappears.
PRESENCE_HEARTBEAT = 5
PRESENCE_TIMEOUT = 15
# A resync sends at most this many posts; a client further behind is told to reload.
MAX_RESYNC = 200

# Close codes (4000-4999 are the application's): the socket cannot be used at all.
CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403
CLOSE_LOGIN_REQUIRED = 4401


class FrameError(Exception):
    """A frame the server refuses; `code` is stable for clients, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def error_frame(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


def parse_frame(text: str | None) -> dict[str, Any]:
    """The validated frame as a dict with known keys only; raises FrameError otherwise."""
    if text is None:
        raise FrameError("binary", _("Only text frames are accepted."))
    # surrogatepass: a lone surrogate (which no browser sends, but a client could) is counted
    # and then refused by json.loads, instead of failing the encoding.
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES:
        raise FrameError(
            "too_large",
            _("The message is too large (at most %(n)d bytes).") % {"n": MAX_FRAME_BYTES},
        )
    try:
        data = json.loads(text)
    except ValueError:
        raise FrameError("not_json", _("The message is not valid JSON.")) from None
    except RecursionError:  # "[[[[..." within the size limit
        raise FrameError("too_deep", _("The message is nested too deeply.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise FrameError("schema", _("The message must be an object with a “type”."))
    kind = data["type"]
    if kind == "hello":
        after = data.get("after")
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            raise FrameError("schema", _("“after” must be a post number (0 or more)."))
        return {"type": "hello", "after": after}
    if kind == "presence":
        state = data.get("state")
        if state not in PRESENCE_STATES:
            raise FrameError("schema", _("“state” must be “reading” or “writing”."))
        return {"type": "presence", "state": state}
    if kind == "ping":
        return {"type": "ping"}
    raise FrameError("unknown_type", _("Unknown message type “%(type)s”.") % {"type": kind[:40]})
