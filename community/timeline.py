"""A bespreekpunt's timeline: everything that happened on it, from every app, newest first.

community imports no other app: each app registers a provider in its AppConfig.ready() with
the kinds of entries it makes, `register_timeline_provider(provider, {"event": _("Session")})`.
A provider gets the bespreekpunt page (in the reader's language) and the reader, and returns
the entries the reader may see, in a fixed number of queries.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from community.models import BespreekpuntPage, ConsentRound, Topic
from community.permissions import filter_visible_posts, filter_visible_topics


@dataclass(frozen=True)
class Entry:
    kind: str  # a key registered with its provider: "topic", "event", "manifest" ...
    date: datetime
    title: str
    url: str
    summary: str = ""  # plain text
    meta: str = ""  # plain text: counts, a status


_providers: list[Callable] = []
_kinds: dict[str, object] = {}


def register_timeline_provider(provider: Callable, kinds: Mapping[str, object]) -> None:
    if provider not in _providers:
        _providers.append(provider)
    _kinds.update(kinds)


def kinds() -> dict[str, str]:
    """The kinds of entries, in registration order, with their labels in the reader's language."""
    return {key: str(label) for key, label in _kinds.items()}


def entries_for(page: BespreekpuntPage, user) -> list[Entry]:
    entries: list[Entry] = []
    for provider in _providers:
        entries.extend(provider(page, user))
    entries.sort(key=lambda entry: (entry.date, entry.kind, entry.title), reverse=True)
    return entries


def topic_entries(page: BespreekpuntPage, user) -> list[Entry]:
    """The bespreekpunt's topics (shared by its translations), when they were started."""
    from django.utils.translation import gettext as gettext_now
    from django.utils.translation import ngettext

    from community.views.context import topic_url

    topics = filter_visible_topics(user, Topic.objects.filter(bespreekpunt=page.discussion_page()))
    entries = []
    for topic in topics.order_by("-created_at"):
        meta = ngettext("%(count)s post", "%(count)s posts", topic.post_count) % {
            "count": topic.post_count
        }
        meta += " · " + ngettext(
            "%(count)s participant", "%(count)s participants", topic.participant_count
        ) % {"count": topic.participant_count}
        if topic.is_closed:
            meta += " · " + gettext_now("concluded")
        entries.append(
            Entry("topic", topic.created_at, topic.title, topic_url(page, topic), meta=meta)
        )
    return entries


def decision_entries(page: BespreekpuntPage, user) -> list[Entry]:
    """Consent rounds closed with an outcome, in topics of the bespreekpunt, when decided."""
    from django.utils.translation import gettext as gettext_now

    from community.views.context import post_url

    rounds = (
        ConsentRound.objects.filter(
            closed_at__isnull=False,
            post__in=filter_visible_posts(user, page_posts(page)).filter(
                deleted_at=None, is_hidden=False
            ),
        )
        .select_related("topic", "post")
        .order_by("-closed_at")
    )
    entries = []
    for decision in rounds:
        assert decision.closed_at is not None  # filtered above
        counts = gettext_now(
            "%(consent)s consent · %(objection)s objection · %(abstain)s abstain"
        ) % {
            "consent": decision.consent_count,
            "objection": decision.objection_count,
            "abstain": decision.abstain_count,
        }
        entries.append(
            Entry(
                "decision",
                decision.closed_at,
                decision.proposal,
                post_url(page, decision.topic, decision.post.number),
                summary=" ".join(
                    part for part in (decision.get_outcome_display(), decision.outcome_note) if part
                ),
                meta=f"{decision.topic.title} · {counts}",
            )
        )
    return entries


def page_posts(page: BespreekpuntPage):
    from community.models import Post

    return Post.objects.filter(topic__bespreekpunt=page.discussion_page())


register_timeline_provider(topic_entries, {"topic": _("Topic")})
register_timeline_provider(decision_entries, {"decision": _("Decision")})
