"""Rate limits: under a limit everything works; over it pages answer 429 with our message in the
site shell, the API answers 429 with {"detail": ...}, and nothing is written."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from community import actions, ratelimit
from community.models import Bookmark, Draft, Post, Reaction, Topic
from community.views.context import ACTION_WORDS
from tests.factories import make_member

API = "/api/community"
MESSAGE = ("too often", "te vaak")


@pytest.fixture(autouse=True)
def _tight_limits(settings):
    settings.COMMUNITY_RATE_LIMITS = {
        "post": "2/m",
        "topic": "1/m",
        "react": "2/m",
        "bookmark": "1/m",
        "draft": "1/m",
    }
    settings.COMMUNITY_RATE_LIMITS_PER_IP = {}


def _says_too_often(text: str) -> bool:
    return any(words in text for words in MESSAGE)


def _api(client, url, data=None):
    return client.post(url, data=json.dumps(data or {}), content_type="application/json")


def test_parse_rates_reads_count_period_strings():
    assert ratelimit.parse_rates("10/m, 100/6h") == [
        ratelimit.Rate(10, 60),
        ratelimit.Rate(100, 6 * 60 * 60),
    ]
    assert ratelimit.parse_rates("") == []
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rates("10 per minute")


def test_actions_outside_a_request_are_not_limited(topic, member):
    for n in range(5):
        actions.check_create_post(member, topic, body=f"Uit een script {n}")


def test_replies_over_the_limit_get_a_429_page_and_keep_the_draft(client, topic, member):
    client.force_login(member)
    url = topic.subpage_url("reply")
    for n in range(2):
        assert client.post(url, {"body": f"Reactie {n}"}).status_code == 302
    response = client.post(url, {"body": "Eén te veel"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert _says_too_often(html) and "<header" in html  # the site shell around the message
    assert not Post.objects.filter(body="Eén te veel").exists()
    assert Draft.objects.get(user=member, key=f"reply:{topic.pk}").body == "Eén te veel"


def test_topics_over_the_limit_get_a_429_page(client, bespreekpunt, member):
    client.force_login(member)
    url = bespreekpunt.url + bespreekpunt.reverse_subpage("new_topic")
    assert client.post(url, {"title": "Eerste", "body": "Tekst"}).status_code == 302
    response = client.post(url, {"title": "Tweede", "body": "Tekst"})
    assert response.status_code == 429 and _says_too_often(response.content.decode())
    assert list(Topic.objects.values_list("title", flat=True)) == ["Eerste"]


def test_reactions_over_the_limit_get_a_429_page(client, topic, other_member):
    client.force_login(other_member)
    with translation.override("nl"):
        url = f"{topic.subpage_url('post', number=1)}{ACTION_WORDS['react']}/"
    for kind in ("heart", "bulb"):
        assert client.post(url, {"kind": kind}).status_code == 302
    response = client.post(url, {"kind": "thumbsup"})
    assert response.status_code == 429 and _says_too_often(response.content.decode())
    assert Reaction.objects.count() == 2


def test_api_answers_429_with_the_message(client, topic, member):
    client.force_login(member)
    url = f"{API}/topics/{topic.pk}/posts"
    for n in range(2):
        assert _api(client, url, {"body": f"Via de API {n}"}).status_code == 201
    response = _api(client, url, {"body": "Te veel"})
    assert response.status_code == 429 and response["Retry-After"]
    assert _says_too_often(response.json()["detail"])
    post_id = Post.objects.filter(number=1).get().pk
    assert _api(client, f"{API}/posts/{post_id}/bookmark").status_code == 200
    assert _api(client, f"{API}/posts/{post_id}/bookmark?on=false").status_code == 429
    assert Bookmark.objects.count() == 1


def test_draft_autosave_is_limited_too(client, member):
    client.force_login(member)
    url = f"{API}/drafts/reply:1"
    data = json.dumps({"body": "Typen"})
    assert client.put(url, data=data, content_type="application/json").status_code == 200
    response = client.put(url, data=data, content_type="application/json")
    assert response.status_code == 429


def test_members_on_one_address_share_the_per_ip_limit(settings, client, topic, member):
    settings.COMMUNITY_RATE_LIMITS = {}
    settings.COMMUNITY_RATE_LIMITS_PER_IP = {"post": "2/m"}
    url = topic.subpage_url("reply")
    others = [member, make_member("anouk"), make_member("bram")]
    statuses = []
    for user in others:
        client.force_login(user)
        statuses.append(client.post(url, {"body": f"Van {user}"}).status_code)
    assert statuses == [302, 302, 429]


def test_the_limit_message_is_dutch_on_the_dutch_site(client, topic, member):
    client.force_login(member)
    url = topic.subpage_url("reply")
    for n in range(3):
        response = client.post(url, {"body": f"Bericht {n}"})
    assert "te vaak" in response.content.decode()


SIGNUP = {
    "email": "nieuw@example.org",
    "password1": "een-lang-en-sterk-wachtwoord",
    "password2": "een-lang-en-sterk-wachtwoord",
    "display_name": "Nieuw Lid",
    "institution": "Pabo Deltastad",
}


def _nl(name: str) -> str:
    with translation.override("nl"):
        return reverse(name)


def test_signup_over_the_limit_gets_our_429_page(settings, client, home_page):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    assert client.post(_nl("account_signup"), SIGNUP).status_code == 302
    client.logout()
    response = client.post(_nl("account_signup"), {**SIGNUP, "email": "tweede@example.org"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "<header" in html and ("Too many requests" in html or "Te veel verzoeken" in html)


def test_logins_over_the_limit_get_our_429_page(settings, client, home_page, member):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    data = {"login": member.email, "password": "fout"}
    for _ in range(2):
        assert client.post(_nl("account_login"), data).status_code == 200
    response = client.post(_nl("account_login"), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<header" in html and ("Too many requests" in html or "Te veel verzoeken" in html)


def test_failed_logins_per_account_get_a_clear_message(settings, client, home_page, member):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/key"}
    data = {"login": member.email, "password": "fout"}
    for _ in range(2):
        client.post(_nl("account_login"), data)
    response = client.post(_nl("account_login"), {**data, "password": "correct-horse-battery"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    assert "te veel" in response.content.decode().lower()


def test_flags_over_the_limit_get_a_429_page(settings, client, topic, member, other_member):
    from community.models import Flag

    settings.COMMUNITY_RATE_LIMITS = {"flag": "1/m"}
    first = actions.check_create_post(member, topic, body="Eén")
    second = actions.check_create_post(member, topic, body="Twee")
    client.force_login(other_member)
    with translation.override("nl"):
        urls = [
            f"{topic.subpage_url('post', number=p.number)}{ACTION_WORDS['flag']}/"
            for p in (first, second)
        ]
    assert client.post(urls[0], {"reason": "spam"}).status_code == 302
    response = client.post(urls[1], {"reason": "spam"})
    assert response.status_code == 429 and _says_too_often(response.content.decode())
    assert Flag.objects.count() == 1
