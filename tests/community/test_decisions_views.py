"""Polls and consent rounds through the pages, as without JavaScript: forms post and redirect."""

import pytest
from django.urls import reverse

from community import decisions
from community.models import ConsentRound, Poll


@pytest.fixture
def opening(topic):
    return topic.posts.get(number=1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a write's after-commit listeners, as at the end of a real request: cached pages are
    renewed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def poll_url(topic) -> str:
    return topic.subpage_url("post_action", number=1, action="peiling")


def test_the_author_adds_a_poll_through_the_form(client, member, topic, committed):
    client.force_login(member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert poll_url(topic) in page  # "Add a poll or consent round" on the own post
    with committed():
        response = client.post(
            poll_url(topic),
            {
                "kind": "poll",
                "poll-question": "Welke dag past?",
                "poll-options": "maandag\ndinsdag\n",
                "poll-results": "public",
            },
        )
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#poll-{poll.pk}")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Welke dag past?" in page and f'id="poll-{poll.pk}"' in page
    assert poll_url(topic) not in page  # the post has its poll now


def test_a_bad_poll_form_keeps_what_was_typed(client, member, topic):
    client.force_login(member)
    response = client.post(
        poll_url(topic),
        {
            "kind": "poll",
            "poll-question": "Alleen één?",
            "poll-options": "ja",
            "poll-results": "public",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give at least two options" in body or "minstens twee" in body
    assert "Alleen één?" in body


def test_others_get_no_add_link_and_are_refused(client, other_member, topic):
    client.force_login(other_member)
    assert poll_url(topic) not in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(
        poll_url(topic),
        {"kind": "poll", "poll-question": "Q", "poll-options": "a\nb", "poll-results": "public"},
    )
    assert response.status_code == 403 and not Poll.objects.exists()


def test_a_consent_round_through_the_form(client, member, topic):
    client.force_login(member)
    response = client.post(
        poll_url(topic),
        {"kind": "consent", "consent-proposal": "We doen het", "consent-quorum": "1"},
    )
    consent_round = ConsentRound.objects.get()
    assert response["Location"].endswith(f"#consent-{consent_round.pk}")
    assert consent_round.topic == topic and consent_round.quorum == 1


def test_voting_and_changing_a_vote_with_the_form(
    client, member, other_member, opening, topic, committed
):
    poll = decisions.check_add_poll(member, opening, question="Dag?", options=["ma", "di"])
    ma, di = poll.options.order_by("position")
    client.force_login(other_member)
    url = reverse("community:poll_vote", kwargs={"poll_id": poll.pk})
    with committed():
        assert client.post(url, {"option": ma.pk}).status_code == 302
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f'value="{ma.pk}" id="poll-{poll.pk}-option-{ma.pk}" checked' in page
    client.post(url, {"option": di.pk})
    poll.refresh_from_db()
    assert poll.voter_count == 1 and [o.vote_count for o in poll.options.all()] == [0, 1]


def test_a_visitor_is_sent_to_log_in(client, member, opening):
    poll = decisions.check_add_poll(member, opening, question="Dag?", options=["ma", "di"])
    response = client.post(
        reverse("community:poll_vote", kwargs={"poll_id": poll.pk}),
        {"option": poll.options.first().pk},
    )
    # A form sent without login answers 403 with a login link (home.views), keeping the input.
    assert response.status_code == 403 and "login/?next=" in response.content.decode()
    assert (
        client.get(reverse("community:poll_vote", kwargs={"poll_id": poll.pk})).status_code == 405
    )


def test_the_next_address_stays_on_the_site(client, member, other_member, opening):
    poll = decisions.check_add_poll(member, opening, question="Dag?", options=["ma", "di"])
    client.force_login(other_member)
    response = client.post(
        reverse("community:poll_vote", kwargs={"poll_id": poll.pk}),
        {"option": poll.options.first().pk, "next": "https://evil.example/"},
    )
    assert "evil" not in response["Location"]


def test_an_objection_without_reason_shows_the_form_again(client, member, other_member, opening):
    consent_round = decisions.check_open_consent_round(member, opening, proposal="P", quorum=1)
    client.force_login(other_member)
    url = reverse("community:consent_respond", kwargs={"round_id": consent_round.pk})
    response = client.post(url, {"choice": "objection", "reason": ""})
    assert response.status_code == 400
    assert 'value="objection" id="choice-objection" checked' in response.content.decode()
    response = client.post(url, {"choice": "objection", "reason": "Te snel"})
    assert response.status_code == 302
    consent_round.refresh_from_db()
    assert consent_round.objection_count == 1


def test_closing_a_round_from_the_page_shows_its_outcome(
    client, member, other_member, opening, topic, committed
):
    consent_round = decisions.check_open_consent_round(member, opening, proposal="P", quorum=1)
    decisions.check_respond(other_member, consent_round, "consent")
    client.force_login(other_member)
    close_url = reverse("community:consent_close", kwargs={"round_id": consent_round.pk})
    assert close_url not in client.get(topic.get_absolute_url()).content.decode()
    client.post(close_url)
    consent_round.refresh_from_db()
    assert not consent_round.is_closed
    client.force_login(member)
    assert close_url in client.get(topic.get_absolute_url()).content.decode()
    with committed():
        client.post(close_url, {"note": "Aangenomen in de werksessie."})
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Aangenomen in de werksessie." in page and "Uitkomst:" in page


def test_a_poll_with_a_deadline_keeps_the_topic_page_out_of_the_cache(
    client, member, opening, topic
):
    from datetime import timedelta

    from django.utils import timezone

    decisions.check_add_poll(
        member,
        opening,
        question="Q",
        options=["a", "b"],
        closes_at=timezone.now() + timedelta(minutes=5),
    )
    client.get(topic.get_absolute_url())
    assert "X-Community-Cache" not in client.get(topic.get_absolute_url())
