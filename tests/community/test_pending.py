"""New members (trust level 0): first posts wait for approval and are seen only by their author
and moderators; links, images and topics a day are limited."""

import json

import pytest
from django.core.exceptions import ValidationError

from community import actions
from community.models import Draft, Post, Profile, Topic
from community.moderation import check_review_post
from tests.factories import make_member

API = "/api/community"


@pytest.fixture
def newcomer(db):
    return make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)


def _html(response) -> str:
    return response.content.decode()


def test_first_posts_of_a_new_member_wait_for_approval(newcomer, topic, moderator):
    first = actions.check_create_post(newcomer, topic, body="Eerste bericht")
    second = actions.check_create_post(newcomer, topic, body="Tweede bericht")
    assert first.is_pending and second.is_pending
    check_review_post(moderator, first, decision="approve")
    check_review_post(moderator, second, decision="approve")
    third = actions.check_create_post(newcomer, topic, body="Derde bericht")
    assert not third.is_pending  # two approved posts: no more waiting


def test_approval_can_be_turned_off_and_trusted_members_never_wait(
    settings, newcomer, topic, member
):
    assert not actions.check_create_post(member, topic, body="Lid sinds lang").is_pending
    settings.COMMUNITY_APPROVE_FIRST_POSTS = 0
    assert not actions.check_create_post(newcomer, topic, body="Geen wachttijd").is_pending


def test_pending_reply_is_seen_by_author_and_moderators_only(
    client, newcomer, topic, member, moderator
):
    actions.check_create_post(newcomer, topic, body="Geheim tot goedkeuring")
    url = topic.get_absolute_url() + "?page=1"
    assert "Geheim tot goedkeuring" not in _html(client.get(url))
    client.force_login(member)
    assert "Geheim tot goedkeuring" not in _html(client.get(url))
    for viewer in (newcomer, moderator):
        client.force_login(viewer)
        html = _html(client.get(url))
        assert "Geheim tot goedkeuring" in html
        assert "Awaiting approval by a moderator" in html or "Wacht op goedkeuring" in html


def test_pending_topic_is_hidden_from_lists_pages_profiles_and_the_api(
    client, newcomer, bespreekpunt, member
):
    topic = actions.check_create_topic(
        newcomer, bespreekpunt, title="Mijn eerste vraag", body="Wie weet raad?"
    )
    assert topic.is_pending and topic.posts.get().is_pending
    profile_url = Profile.objects.get(user=newcomer).get_absolute_url()
    for viewer in (None, member):
        if viewer:
            client.force_login(viewer)
        assert "Mijn eerste vraag" not in _html(client.get(bespreekpunt.url))
        assert client.get(topic.get_absolute_url()).status_code == 404
        assert "Mijn eerste vraag" not in _html(client.get(profile_url))
        titles = [
            t["title"] for t in client.get(f"{API}/bespreekpunten/{bespreekpunt.pk}/topics").json()
        ]
        assert "Mijn eerste vraag" not in titles
        assert client.get(f"{API}/topics/{topic.pk}").status_code == 404
    client.force_login(newcomer)
    assert "Mijn eerste vraag" in _html(client.get(bespreekpunt.url))
    assert "Wie weet raad?" in _html(client.get(topic.get_absolute_url()))
    assert "Mijn eerste vraag" in _html(client.get(profile_url))


def test_api_leaves_out_pending_posts_for_others(client, newcomer, topic, member):
    post = actions.check_create_post(newcomer, topic, body="Nog niet goedgekeurd")
    numbers = [p["number"] for p in client.get(f"{API}/topics/{topic.pk}").json()["posts"]]
    assert post.number not in numbers
    client.force_login(member)
    response = client.post(f"{API}/posts/{post.pk}/bookmark", content_type="application/json")
    assert response.status_code in (403, 404)


def test_readers_never_receive_a_pending_post_until_it_is_approved(
    monkeypatch, django_capture_on_commit_callbacks, newcomer, topic, moderator
):
    from community.realtime import broadcast

    sent = []
    monkeypatch.setattr(broadcast, "_group_send", lambda group, message: sent.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.check_create_post(newcomer, topic, body="Wacht even")
    assert sent == []
    with django_capture_on_commit_callbacks(execute=True):
        check_review_post(moderator, post, decision="approve")
    events = [m.get("event") for m in sent if m["type"] == "post.event"]
    assert events and set(events) == {"post.created"}
    assert all("Wacht even" in m["html"] for m in sent if m["type"] == "post.event")


def test_pending_topic_is_not_announced_to_the_bespreekpunt(
    monkeypatch, django_capture_on_commit_callbacks, newcomer, bespreekpunt
):
    from community.realtime import broadcast

    sent = []
    monkeypatch.setattr(broadcast, "_group_send", lambda group, message: sent.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_create_topic(newcomer, bespreekpunt, title="Stilletjes", body="Nog even niet")
    assert sent == []


@pytest.mark.parametrize(
    ("body", "limit_words"),
    [
        ("Zie https://a.nl en https://b.nl en https://c.nl", "2 links"),
        ("Een plaatje ![schema](https://example.org/schema.png)", "0 afbeeldingen"),
    ],
)
def test_new_members_post_few_links_and_no_images(newcomer, topic, body, limit_words):
    with pytest.raises(ValidationError) as error:
        actions.check_create_post(newcomer, topic, body=body)
    assert limit_words in " ".join(error.value.messages)
    assert not Post.objects.filter(author=newcomer).exists()


def test_two_links_and_mentions_are_fine_for_new_members(newcomer, topic, member):
    body = "Zie https://a.nl en [dit](https://b.nl), met dank aan @marieke"
    assert actions.check_create_post(newcomer, topic, body=body).pk


def test_link_limit_through_the_form_keeps_the_text(client, newcomer, topic):
    client.force_login(newcomer)
    body = "Drie: https://a.nl https://b.nl https://c.nl"
    response = client.post(topic.subpage_url("reply"), {"body": body})
    assert response.status_code == 400
    html = _html(response)
    assert "hoogstens 2 links" in html
    assert Draft.objects.get(user=newcomer, key=f"reply:{topic.pk}").body == body
    assert not Post.objects.filter(author=newcomer).exists()


def test_new_members_start_three_topics_a_day(settings, newcomer, bespreekpunt):
    settings.COMMUNITY_APPROVE_FIRST_POSTS = 0
    for n in range(3):
        actions.check_create_topic(newcomer, bespreekpunt, title=f"Vraag {n}", body="Tekst")
    with pytest.raises(ValidationError) as error:
        actions.check_create_topic(newcomer, bespreekpunt, title="Vraag 4", body="Tekst")
    assert "3 onderwerpen per dag" in " ".join(error.value.messages)
    assert Topic.objects.filter(author=newcomer).count() == 3


def test_topic_limit_through_the_api_answers_400_with_the_message(
    settings, client, newcomer, bespreekpunt
):
    settings.COMMUNITY_NEW_MEMBER_TOPICS_PER_DAY = 0
    client.force_login(newcomer)
    response = client.post(
        f"{API}/bespreekpunten/{bespreekpunt.pk}/topics",
        data=json.dumps({"title": "Te veel", "body": "Tekst"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "0 onderwerpen per dag" in response.json()["detail"]


def test_pending_topic_stays_off_the_home_page_and_out_of_search(
    client, newcomer, bespreekpunt, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = actions.check_create_topic(
            newcomer, bespreekpunt, title="Kalibreren zonder rubric", body="Wie kalibreert er?"
        )
    assert topic.is_pending
    assert "Kalibreren zonder rubric" not in _html(client.get("/nl/"))
    found = client.get("/nl/zoeken/", {"q": "kalibreren"}).context["outcome"].hits
    assert found == []
    with django_capture_on_commit_callbacks(execute=True):
        check_review_post(moderator, topic.posts.get(), decision="approve")
    assert "Kalibreren zonder rubric" in _html(client.get("/nl/"))
    found = client.get("/nl/zoeken/", {"q": "kalibreren"}).context["outcome"].hits
    assert {hit.title for hit in found} == {"Kalibreren zonder rubric"}


def test_a_pending_reply_leaves_no_gap_for_other_readers(
    client, newcomer, topic, member, other_member, moderator
):
    waiting = actions.check_create_post(newcomer, topic, body="Nog even wachten")
    later = actions.check_create_post(other_member, topic, body="Gewoon antwoord")
    # Readers see 1, 2: the waiting reply holds no public number (it was 2, this was 3).
    assert later.number == 2
    waiting.refresh_from_db()
    assert waiting.number == 3 and waiting.is_pending
    topic.refresh_from_db()
    assert topic.post_count == 2
    html = _html(client.get(topic.get_absolute_url() + "?page=1"))
    assert 'id="post-2"' in html and 'id="post-3"' not in html
    assert "2 berichten" in html
    # Its author still opens it by its permalink, on the thread page.
    client.force_login(newcomer)
    response = client.get(waiting.get_absolute_url(), follow=True)
    assert "Nog even wachten" in _html(response)
    # Approved, it takes the next public number; later waiting replies move up behind it.
    second = actions.check_create_post(newcomer, topic, body="Nog een")
    assert second.number == 4
    check_review_post(moderator, waiting, decision="approve")
    waiting.refresh_from_db()
    second.refresh_from_db()
    topic.refresh_from_db()
    assert (waiting.number, second.number, topic.post_count) == (3, 4, 3)
    check_review_post(moderator, second, decision="delete")  # rejected: stays out of sight
    assert actions.check_create_post(member, topic, body="Verder").number == 4
    second.refresh_from_db()
    assert second.number == 5
    numbers = list(
        Post.objects.filter(topic=topic, is_pending=False)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4]


def test_approving_a_pending_topic_numbers_its_waiting_replies_after_the_public_ones(
    newcomer, bespreekpunt, moderator
):
    topic = actions.check_create_topic(newcomer, bespreekpunt, title="Vraag", body="Wie?")
    reply = actions.check_create_post(newcomer, topic, body="Nog iets")
    assert reply.number == 2
    opening = topic.posts.get(number=1)
    answer = actions.check_create_post(moderator, topic, body="Ik")  # trusted: public
    check_review_post(moderator, opening, decision="approve")
    topic.refresh_from_db()
    reply.refresh_from_db()
    answer.refresh_from_db()
    assert not topic.is_pending
    assert (answer.number, reply.number, topic.post_count) == (2, 3, 2)
