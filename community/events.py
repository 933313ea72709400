"""The one way community writes announce themselves: `publish_event` after commit.

Listeners connect to `event_published` (the anonymous page cache does, a real-time broadcaster
over Channels can). Nothing is sent for a transaction that rolls back.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.dispatch import Signal

# Sent with event=<Event> once the writing transaction has committed.
event_published = Signal()
# Sent with event=<Event> at once, inside the writing transaction (the caches listen: see
# community.cache). Whatever reacts to it must be undone by nothing if the write rolls back.
event_written = Signal()


@dataclass(frozen=True)
class Event:
    name: str  # e.g. "post.created", "post.edited", "reaction.added"
    bespreekpunt_id: int
    topic_id: int | None = None
    post_id: int | None = None
    actor_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


def publish_event(
    name: str,
    *,
    bespreekpunt_id: int,
    topic_id: int | None = None,
    post_id: int | None = None,
    actor_id: int | None = None,
    **data: Any,
) -> None:
    event = Event(name, bespreekpunt_id, topic_id, post_id, actor_id, data)
    event_written.send(sender=Event, event=event)
    transaction.on_commit(lambda: event_published.send(sender=Event, event=event), robust=False)
