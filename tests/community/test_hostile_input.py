"""The hostile-input sweep, what members type and send: 1 MB bodies, NUL bytes, invalid
UTF-8, absurd page numbers and 10,000-character search queries, through the pages and the API.
Each is a 4xx that says why in Dutch (or, for search, an ordinary answer), never a 500, and
nothing is written but the member's own draft, which keeps their text."""

import json

import pytest
from django.test import Client

from community.models import Draft, Post
from tests.hostile import assert_refused, snapshot

API = "/api/community"
MEGABYTE = "Lange tekst. " * (1_000_000 // 13)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _posts() -> list:
    return list(Post.objects.values_list("pk", "body", "edited_at", "deleted_at"))


def test_a_1_mb_reply_is_refused_and_kept_as_a_draft(member_client, topic):
    before = _posts()
    response = member_client.post(f"{topic.get_absolute_url()}reageren/", {"body": MEGABYTE})
    assert_refused(response, 400, text="20.000")
    assert _posts() == before
    assert Draft.objects.get(key=f"reply:{topic.pk}").body == MEGABYTE


def test_a_1_mb_api_body_is_refused(member, topic):
    client = Client()
    client.force_login(member)
    before = _posts()
    for body in (json.dumps({"body": MEGABYTE}), "x" * 1_000_000):
        response = client.post(
            f"{API}/topics/{topic.pk}/posts", data=body, content_type="application/json"
        )
        assert_refused(response, 400)
    assert _posts() == before


def test_a_body_past_the_upload_limit_gets_the_400_page(member_client, topic):
    before = snapshot()
    response = member_client.post(f"{topic.get_absolute_url()}reageren/", {"body": "x" * 3_000_000})
    assert_refused(response, 400, text="Ongeldig verzoek")
    assert snapshot() == before


def test_nul_bytes_are_refused_in_forms_the_api_and_addresses(member_client, member, topic):
    before = _posts()
    form = member_client.post(f"{topic.get_absolute_url()}reageren/", {"body": "a\x00b"})
    assert_refused(form, 400, text="Null-tekens zijn niet toegestaan.")
    api = Client()
    api.force_login(member)
    for url, body in [
        (f"{API}/topics/{topic.pk}/posts", '{"body": "a\\u0000b"}'),
        (f"{API}/drafts/reply:{topic.pk}", '{"body": "a\\u0000b"}'),
    ]:
        method = "put" if "drafts" in url else "post"
        response = getattr(api, method)(url, data=body, content_type="application/json")
        assert_refused(response, 400, text="Null-tekens")
    for url in (
        "/nl/zoeken/?q=a%00b",
        f"{topic.get_absolute_url()}?page=%00",
        f"{API}/members?q=%00",
    ):
        assert_refused(member_client.get(url), 400)
    assert_refused(member_client.get("/nl/a%00b/"), 400)
    assert _posts() == before
    assert all("\x00" not in draft.body for draft in Draft.objects.all())


def test_invalid_utf8_is_refused(member_client, member, topic):
    before = _posts()
    form = member_client.generic(
        "POST",
        f"{topic.get_absolute_url()}reageren/",
        b"body=%FF%FEkapot",
        content_type="application/x-www-form-urlencoded",
    )
    assert "kapot" in assert_refused(form, 400, text="niet gelezen")  # the rest is kept
    for url in ("/nl/zoeken/?q=%FF%FE", f"{topic.get_absolute_url()}?page=%C3"):
        assert_refused(member_client.get(url), 400)
    api = member_client.post(
        f"{API}/topics/{topic.pk}/posts",
        data=b'{"body": "\xff\xfe"}',
        content_type="application/json",
    )
    assert_refused(api, 400)
    assert _posts() == before


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e9", str(10**30), "1" * 5000, "٣"])
def test_absurd_page_numbers_answer_404(client, topic, bespreekpunt, page):
    for url in (bespreekpunt.url, topic.get_absolute_url()):
        assert_refused(client.get(url, {"page": page}), 404)
    response = client.get(f"{API}/topics/{topic.pk}", {"page": page})
    assert response.status_code in (200, 400)  # the API reads only whole numbers, clamped
    if response.status_code == 400:
        assert response.json()["detail"]


@pytest.mark.parametrize("page", [str(10**30), "-3", "x"])
def test_absurd_page_numbers_of_notifications_and_search(member_client, page):
    for url in ("/nl/meldingen/", "/nl/zoeken/"):
        response = member_client.get(url, {"page": page, "q": "leeruitkomsten"})
        assert response.status_code in (200, 404), (url, response.status_code)


def test_a_10000_character_search_query_gets_an_answer(client, topic):
    query = "leeruitkomsten " * 667
    for url in ("/nl/zoeken/", "/nl/zoeken/suggesties/"):
        response = client.get(url, {"q": query[:10_000]})
        assert response.status_code in (200, 400), response.status_code
    assert client.get(f"{API}/members", {"q": "a" * 10_000}).status_code == 401
