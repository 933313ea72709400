"""Trust levels: earned by reading, visiting and posting, held back by upheld flags, set by
moderators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community import actions, trust
from community.models import Flag, ModerationAction, Profile
from tests.factories import make_member

LEVELS = {
    1: {"posts_read": 2, "days_visited": 1, "posts": 1},
    2: {"posts_read": 4, "days_visited": 2, "posts": 2, "flag_points": 2, "flag_days": 30},
    3: {"posts_read": 1000, "days_visited": 100, "posts": 100},
}


@pytest.fixture(autouse=True)
def _small_thresholds(settings):
    settings.COMMUNITY_TRUST_LEVELS = LEVELS
    settings.COMMUNITY_APPROVE_FIRST_POSTS = 0


@pytest.fixture
def newcomer(db):
    return make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)


def _level(user) -> int:
    return Profile.objects.get(user=user).trust_level


def test_level_rises_when_every_threshold_of_the_next_level_is_met(newcomer, topic):
    Profile.objects.filter(user=newcomer).update(posts_read=2, days_visited=1)
    assert trust.recompute_trust_level(newcomer) == 0  # has not posted yet
    actions.check_create_post(newcomer, topic, body="Mijn eerste bijdrage")
    assert _level(newcomer) == 1
    Profile.objects.filter(user=newcomer).update(posts_read=4, days_visited=2)
    actions.check_create_post(newcomer, topic, body="Nog een bijdrage")
    assert _level(newcomer) == 2


def test_upheld_flags_keep_a_member_from_rising(newcomer, topic, other_member):
    Profile.objects.filter(user=newcomer).update(posts_read=4, days_visited=2)
    post = actions.check_create_post(newcomer, topic, body="Eén")
    Flag.objects.create(
        post=post, user=other_member, reason="spam", resolution="hidden", resolved_at=timezone.now()
    )
    actions.check_create_post(newcomer, topic, body="Twee")
    assert _level(newcomer) == 1  # level 2 allows no upheld flag in 30 days
    Flag.objects.filter(post=post).update(resolution="approved")  # a dismissed flag weighs 0
    assert trust.recompute_trust_level(newcomer) == 2


def test_reading_counts_posts_read_and_raises_the_level(client, newcomer, topic, member):
    actions.do_create_post(newcomer, topic, body="Al eens iets geschreven")  # read up to #2
    for n in range(3):
        actions.check_create_post(member, topic, body=f"Bericht {n}")
    Profile.objects.filter(user=newcomer).update(days_visited=1, last_visit_on=timezone.localdate())
    client.force_login(newcomer)
    client.get(topic.get_absolute_url() + "?page=1")
    profile = Profile.objects.get(user=newcomer)
    assert profile.posts_read == 3 and profile.trust_level == 1
    client.get(topic.get_absolute_url() + "?page=1")  # nothing new read: nothing counted twice
    assert Profile.objects.get(user=newcomer).posts_read == 3


def test_first_request_of_the_day_counts_a_visit_once(client, newcomer, home_page):
    client.force_login(newcomer)
    client.get("/nl/")
    client.get("/nl/")
    profile = Profile.objects.get(user=newcomer)
    assert profile.days_visited == 1 and profile.last_visit_on == timezone.localdate()


def test_visit_middleware_costs_no_query_after_the_first_request(client, newcomer, home_page):
    client.force_login(newcomer)
    client.get("/nl/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/nl/")
    assert not any("community_profile" in q["sql"] and "UPDATE" in q["sql"] for q in captured)


def test_the_daily_visit_raises_the_level(client, newcomer, topic):
    actions.do_create_post(newcomer, topic, body="Eerder geschreven")
    Profile.objects.filter(user=newcomer).update(posts_read=2)
    client.force_login(newcomer)
    client.get("/nl/")
    assert _level(newcomer) == 1


def test_a_locked_level_is_not_recomputed(newcomer, topic):
    Profile.objects.filter(user=newcomer).update(
        posts_read=100, days_visited=100, trust_level_locked=True
    )
    actions.check_create_post(newcomer, topic, body="Veel gelezen, toch vast")
    assert _level(newcomer) == 0
    trust.record_visit(newcomer, timezone.localdate())
    assert _level(newcomer) == 0


def test_moderator_sets_a_level_which_locks_it_and_is_logged(moderator, newcomer):
    trust.check_set_trust_level(moderator, newcomer, 3, reason="Bekende opleider")
    profile = Profile.objects.get(user=newcomer)
    assert profile.trust_level == 3 and profile.trust_level_locked
    action = ModerationAction.objects.get(kind="trust_level")
    assert action.moderator == moderator and action.member == newcomer
    assert action.data == {"from": 0, "to": 3} and action.reason == "Bekende opleider"


def test_only_moderators_set_levels_and_only_0_to_4(member, newcomer, moderator):
    with pytest.raises(PermissionDenied):
        trust.check_set_trust_level(member, newcomer, 2)
    with pytest.raises(ValidationError):
        trust.check_set_trust_level(moderator, newcomer, 5)
    assert _level(newcomer) == 0 and not ModerationAction.objects.exists()


def test_profile_page_shows_the_level_and_the_moderators_form(client, moderator, newcomer):
    url = Profile.objects.get(user=newcomer).get_absolute_url()
    html = client.get(url).content.decode()
    assert 'data-trust-level="0"' in html and 'name="trust_level"' not in html
    client.force_login(moderator)
    html = client.get(url).content.decode()
    assert '<label for="id_trust_level">' in html
    response = client.post(url, {"trust_level": "2", "reason": "Mentor"}, follow=True)
    assert "trust level 2" in response.content.decode() or "vertrouwensniveau 2" in (
        response.content.decode()
    )
    assert _level(newcomer) == 2
    assert 'data-trust-level="2"' in response.content.decode()


def test_a_member_cannot_post_the_moderators_form(client, member, newcomer):
    url = Profile.objects.get(user=newcomer).get_absolute_url()
    client.force_login(member)
    client.post(url, {"trust_level": "4"})
    assert _level(newcomer) == 0 and not ModerationAction.objects.exists()
