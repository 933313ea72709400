"""A page's reader parts made per kind of reader (community.overlay.PageOverlay) are exactly what
laying each reader's part over the page afresh (`overlay`) gives."""

import itertools

import pytest
from django.utils import translation

from community import actions
from community.overlay import PageOverlay, Reader, overlay
from community.post_list import shared_page
from community.templatetags.community_posts import MARKER
from tests.community.test_views import _fill
from tests.factories import make_member


@pytest.fixture
def shared(topic, member, other_member):
    _fill(topic, [member, other_member], 12)
    post = topic.posts.get(number=3)
    actions.do_react(member, post, "bulb", add=True)
    actions.check_delete_post(member, topic.posts.get(number=4))
    topic.refresh_from_db()
    with translation.override("nl"):
        return shared_page(topic.bespreekpunt, topic, 0, 50, (None, None), None)


def _readers(topic, member, other_member, moderator):
    people = [
        (None, False, False),
        (member.pk, True, False),
        (other_member.pk, True, False),
        (moderator.pk, True, True),
        (make_member().pk, True, False),
    ]
    for (user_id, is_member, is_moderator), last_read, bookmarks, closed in itertools.product(
        people, [None, 0, 5, 12], [frozenset(), frozenset({2, 3})], [False, True]
    ):
        yield Reader(
            user_id=user_id,
            member=is_member,
            moderator=is_moderator,
            can_reply=is_member and (not closed or is_moderator),
            topic_author_id=topic.author_id,
            topic_closed=closed,
            last_read=last_read,
            bookmarks=bookmarks if user_id else frozenset(),
            csrf=f"token-{user_id}-{last_read}" if user_id else "",
        )


def test_every_reader_gets_what_the_plain_overlay_gives(
    shared, topic, member, other_member, moderator
):
    page = PageOverlay(shared.html, MARKER, shared.facts)
    readers = list(_readers(topic, member, other_member, moderator))
    # Twice: the second round is made from the parts the first one kept.
    for reader in readers + readers:
        expected = overlay(shared.html, MARKER, reader, shared.facts)
        assert page.for_reader(reader) == expected
        # The page's own overlay, made from its posts one by one, without cutting it up.
        assert shared.page_overlay.for_reader(reader) == expected


def test_a_kept_part_never_carries_another_readers_token(shared, topic, member):
    page = PageOverlay(shared.html, MARKER, shared.facts)
    first = Reader(user_id=member.pk, member=True, can_reply=True, csrf="eerste-token")
    second = Reader(user_id=member.pk, member=True, can_reply=True, csrf="tweede-token")
    assert "eerste-token" in page.for_reader(first)
    html = page.for_reader(second)
    assert "tweede-token" in html and "eerste-token" not in html and MARKER not in html


def test_a_page_without_public_posts_lays_nothing_over_it():
    page = PageOverlay("", MARKER, {})
    assert page.for_reader(Reader(user_id=1, member=True, csrf="token")) == ""
