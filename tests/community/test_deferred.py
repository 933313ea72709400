"""A member's read marker is written after their topic page is sent (community.deferred), and
work after a response that fails leaves the response and the end of the request alone."""

import logging

from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

from community.deferred import after_response
from community.models import ReadState
from community.views.topics import topic_detail
from tests.community.test_views import _fill


def _close(response) -> None:
    """What a server does once the response is sent, without closing the test's database
    connection (and its transaction) as the end of a real request would; as the test client."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_the_read_marker_is_written_once_the_page_is_sent(topic, member, other_member):
    _fill(topic, [member, other_member], 6)
    request = RequestFactory().get(topic.get_absolute_url() + "?page=1")
    request.user = other_member
    request.LANGUAGE_CODE = "nl"
    response = topic_detail(request, topic.bespreekpunt, topic.slug)
    response.render()
    assert b'id="post-6"' in response.content
    # Their own post 5 is where their marker stands; the page is rendered and not yet sent.
    assert ReadState.objects.get(user=other_member, topic=topic).last_read_number == 5
    _close(response)
    assert ReadState.objects.get(user=other_member, topic=topic).last_read_number == 6


def test_a_members_next_view_shows_what_they_read(client, topic, member, other_member):
    _fill(topic, [member, other_member], 3)
    client.force_login(other_member)
    url = topic.get_absolute_url() + "?page=1"
    client.get(url)
    assert ReadState.objects.get(user=other_member, topic=topic).last_read_number == 3
    assert "post--unread" not in client.get(url).content.decode()


def test_failing_work_is_logged_and_the_request_still_ends(db, caplog):
    ended = []

    def on_finished(**kwargs):
        ended.append(True)

    def failing() -> None:
        raise RuntimeError("kapot")

    request_finished.connect(on_finished)
    try:
        response = after_response(HttpResponse("klaar"), failing)
        with caplog.at_level(logging.ERROR, logger="community.deferred"):
            _close(response)
    finally:
        request_finished.disconnect(on_finished)
    assert ended == [True]
    assert "work after the response" in caplog.text
