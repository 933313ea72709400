"""Moderators pin, close, move and split topics, on the topic page and through the actions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community import actions, moderation
from community.models import BespreekpuntPage, ModerationAction, Post, Topic
from tests.community.test_views import _queries


@pytest.fixture
def second_bespreekpunt(bespreekpunt):
    page = bespreekpunt.get_parent().add_child(
        instance=BespreekpuntPage(title="Stage", slug="stage", number=2, intro="<p>Stage.</p>")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def thread(topic, member, other_member):
    """Posts 1-6: 2 and 4 by Jeroen, 3 replies to 2, 5 replies to 1, 6 replies to 3."""
    actions.check_create_post(other_member, topic, body="Twee")
    actions.check_create_post(member, topic, body="Drie", reply_to=2)
    actions.check_create_post(other_member, topic, body="Vier")
    actions.check_create_post(member, topic, body="Vijf", reply_to=1)
    actions.check_create_post(member, topic, body="Zes", reply_to=3)
    topic.refresh_from_db()
    return topic


@pytest.mark.parametrize(
    "tool",
    [
        lambda actor, topic, target: moderation.check_pin_topic(actor, topic, pinned=True),
        lambda actor, topic, target: moderation.check_close_topic(actor, topic, closed=True),
        lambda actor, topic, target: moderation.check_move_topic(actor, topic, target),
        lambda actor, topic, target: moderation.check_split_topic(
            actor, topic, numbers=[2], title="Nieuw"
        ),
    ],
)
def test_topic_tools_are_for_moderators_only(tool, thread, member, second_bespreekpunt):
    with pytest.raises(PermissionDenied):
        tool(member, thread, second_bespreekpunt)
    assert Topic.objects.count() == 1
    assert not ModerationAction.objects.exists()


def test_pin_and_unpin_in_bespreekpunt_and_site_wide(topic, moderator):
    moderation.check_pin_topic(moderator, topic, pinned=True)
    moderation.check_pin_topic(moderator, topic, pinned=True, globally=True)
    topic.refresh_from_db()
    assert topic.is_pinned and topic.is_pinned_globally
    with pytest.raises(ValidationError, match="al vastgezet"):
        moderation.check_pin_topic(moderator, topic, pinned=True)
    moderation.check_pin_topic(moderator, topic, pinned=False)
    assert not Topic.objects.get().is_pinned
    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", "data"))
    assert kinds == [
        ("pin", {"globally": False}),
        ("pin", {"globally": True}),
        ("unpin", {"globally": False}),
    ]


def test_close_blocks_replies_and_reopen_allows_them(topic, moderator, other_member):
    moderation.check_close_topic(moderator, topic, closed=True)
    with pytest.raises(PermissionDenied, match="gesloten"):
        actions.check_create_post(other_member, topic, body="Nog iets")
    with pytest.raises(ValidationError, match="al gesloten"):
        moderation.check_close_topic(moderator, topic, closed=True)
    moderation.check_close_topic(moderator, topic, closed=False)
    actions.check_create_post(other_member, topic, body="Nog iets")
    assert [a.kind for a in ModerationAction.objects.order_by("pk")] == ["close", "reopen"]


def test_move_keeps_slug_unique_in_target(topic, moderator, member, second_bespreekpunt):
    taken = actions.check_create_topic(
        member, second_bespreekpunt, title=topic.title, body="Zelfde titel"
    )
    slug, source = topic.slug, topic.bespreekpunt_id
    assert taken.slug == slug
    moved = moderation.check_move_topic(moderator, topic, second_bespreekpunt)
    assert moved.bespreekpunt_id == second_bespreekpunt.pk
    assert moved.slug == f"{slug}-2"
    assert moved.get_absolute_url().startswith(second_bespreekpunt.url)
    action = ModerationAction.objects.get()
    assert action.kind == "move" and action.member == member
    assert action.data == {"source": source, "target": second_bespreekpunt.pk}


def test_move_to_the_same_or_an_unpublished_bespreekpunt_is_refused(
    topic, moderator, second_bespreekpunt
):
    with pytest.raises(ValidationError):
        moderation.check_move_topic(moderator, topic, topic.bespreekpunt)
    second_bespreekpunt.unpublish()
    with pytest.raises(ValidationError):
        moderation.check_move_topic(moderator, topic, second_bespreekpunt)
    assert Topic.objects.get().bespreekpunt_id == topic.bespreekpunt_id


def test_split_renumbers_recounts_and_clears_crossing_replies(thread, moderator, member):
    new = moderation.check_split_topic(moderator, thread, numbers=[3, 4, 6], title="Over stage")
    moved = list(Post.objects.filter(topic=new).order_by("number"))
    assert [(p.number, p.body) for p in moved] == [(1, "Drie"), (2, "Vier"), (3, "Zes")]
    # 3 replied to 2 (stays behind): cleared; 6 replied to 3 (moved along): kept.
    assert moved[0].reply_to is None and moved[2].reply_to == moved[0]
    left = list(Post.objects.filter(topic=thread).order_by("number"))
    # Both topics are numbered without gaps.
    assert [(p.number, p.body) for p in left][1:] == [(2, "Twee"), (3, "Vijf")]
    assert left[2].reply_to == left[0]
    new.refresh_from_db()
    thread.refresh_from_db()
    assert (new.post_count, new.participant_count, new.reply_count) == (3, 2, 2)
    assert new.author == member and new.slug == "over-stage"
    assert new.last_posted_at == moved[-1].created_at
    assert (thread.post_count, thread.participant_count) == (3, 2)
    assert thread.last_posted_at == left[-1].created_at
    assert actions.check_create_post(member, thread, body="Zeven").number == 4
    action = ModerationAction.objects.get()
    assert action.kind == "split" and action.data["new_topic"] == new.pk


def test_split_counts_posts_and_keeps_old_links_working(client, thread, moderator, member):
    old_topic_url = thread.get_absolute_url()
    old_links = {number: f"{old_topic_url}{number}/" for number in range(1, 7)}
    new = moderation.check_split_topic(moderator, thread, numbers=[3, 4], title="Over stage")
    thread.refresh_from_db()
    html = client.get(thread.get_absolute_url()).text
    assert "4 berichten" in html  # 1, 2, 5 and 6 are left: "6 berichten" before the fix
    numbers = [p.number for p in Post.objects.filter(topic=thread).order_by("number")]
    assert numbers == [1, 2, 3, 4]
    # The old address of the topic and of every post leads to where that post is now.
    response = client.get(old_topic_url)
    assert response.status_code == 301 and response["Location"] == thread.get_absolute_url()
    bodies = dict(zip(range(1, 7), ["Hoe", "Twee", "Drie", "Vier", "Vijf", "Zes"], strict=True))
    for number, link in old_links.items():
        response = client.get(link, follow=True)
        assert response.status_code == 200
        anchor = response.redirect_chain[-1][0].split("#post-")[1]
        post = Post.objects.get(topic=new if number in (3, 4) else thread, number=int(anchor))
        assert post.body.startswith(bodies[number]), (number, post.body)
    # The old slug stays reserved: a new topic with the same title gets another.
    again = actions.check_create_topic(member, thread.bespreekpunt, title=thread.title, body="x")
    assert again.slug not in (thread.slug, old_topic_url.rstrip("/").rsplit("/", 1)[1])


@pytest.mark.parametrize(
    ("numbers", "title", "field"),
    [([], "Nieuw", "numbers"), ([1, 2], "Nieuw", "numbers"), ([2, 99], "Nieuw", "numbers")]
    + [([2], "  ", "title")],
)
def test_bad_split_input_changes_nothing(thread, moderator, numbers, title, field):
    with pytest.raises(ValidationError) as error:
        moderation.check_split_topic(moderator, thread, numbers=numbers, title=title)
    assert field in error.value.message_dict
    assert Topic.objects.count() == 1
    numbers = Post.objects.values_list("number", flat=True).order_by("number")
    assert list(numbers) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("value", "expected"), [("4, 5 7-9", [4, 5, 7, 8, 9]), ("3;3", [3]), ("", [])]
)
def test_parse_numbers(value, expected):
    assert moderation.parse_numbers(value) == expected


@pytest.mark.parametrize("value", ["vier", "9-7", "2,x"])
def test_parse_numbers_refuses_words(value):
    with pytest.raises(ValidationError):
        moderation.parse_numbers(value)


def test_pinned_topics_list_first_with_a_badge(client, make_topic, moderator):
    first = make_topic(title="Oud en vastgepind")
    make_topic(title="Nieuwer")
    moderation.check_pin_topic(moderator, first, pinned=True)
    html = client.get(first.bespreekpunt.url).content.decode()
    assert html.index("Oud en vastgepind") < html.index("Nieuwer")
    assert "badge--pinned" in html


def test_pinning_costs_the_topic_list_no_queries(client, make_topic, moderator, member):
    client.force_login(member)
    topics = [make_topic(title=f"Onderwerp {n}") for n in range(3)]
    url, bp = topics[0].bespreekpunt.url, topics[0].bespreekpunt_id
    _queries(client, url, bp)  # fills the site shell's caches
    before = _queries(client, url, bp)
    for topic in topics[:2]:
        moderation.check_pin_topic(moderator, topic, pinned=True)
    assert _queries(client, url, bp) == before


def test_site_wide_pinned_topics_show_on_the_home_page(client, topic, moderator, home_page):
    assert 'id="home-pinned"' not in client.get("/nl/").content.decode()
    moderation.check_pin_topic(moderator, topic, pinned=True, globally=True)
    html = client.get("/nl/").content.decode()
    assert 'id="home-pinned"' in html
    assert html.index("Leeruitkomsten in de pabo") < html.index("home-discussions")
