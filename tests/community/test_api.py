"""The JSON API: public reads, member writes with session + CSRF, clear 4xx errors."""

import json

import pytest
from django.test import Client

from community import actions
from community.models import Draft, Post, Topic

API = "/api/community"


@pytest.fixture
def csrf_client(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/nl/")  # sets no cookie by itself; ask for one explicitly below
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    client.csrf = _mask_cipher_secret(secret)
    return client


def _post(client, url, data, method="post"):
    return getattr(client, method)(
        url,
        data=json.dumps(data),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=getattr(client, "csrf", ""),
    )


def test_anonymous_reads_bespreekpunten_topics_and_posts(client, topic, bespreekpunt):
    assert client.get(f"{API}/bespreekpunten").json()[0]["title"] == "Leeruitkomsten"
    topics = client.get(f"{API}/bespreekpunten/{bespreekpunt.pk}/topics").json()
    assert topics[0]["slug"] == topic.slug and topics[0]["tags"] == ["pabo"]
    detail = client.get(f"{API}/topics/{topic.pk}").json()
    assert detail["posts"][0]["html"].startswith("<p>Hoe <strong>formuleren</strong>")
    assert client.get(f"{API}/topics/999999").status_code == 404
    assert client.get(f"{API}/openapi.json").status_code == 200


def test_anonymous_cannot_write(client, topic):
    response = _post(client, f"{API}/topics/{topic.pk}/posts", {"body": "Hallo"})
    assert response.status_code == 401 and response.json()["detail"]


def test_member_writes_with_session_and_csrf(csrf_client, topic, bespreekpunt, member):
    response = _post(
        csrf_client,
        f"{API}/bespreekpunten/{bespreekpunt.pk}/topics",
        {"title": "Via de API", "body": "Eerste *bericht*", "tags": ["api"]},
    )
    assert response.status_code == 201, response.content
    new_topic = Topic.objects.get(pk=response.json()["id"])
    reply = _post(
        csrf_client, f"{API}/topics/{new_topic.pk}/posts", {"body": "Twee", "reply_to": 1}
    )
    assert reply.status_code == 201 and reply.json()["number"] == 2
    post_id = reply.json()["id"]
    reacted = _post(csrf_client, f"{API}/posts/{post_id}/reactions", {"kind": "bulb"})
    assert reacted.json() == {"on": True, "counts": {"bulb": 1}}
    assert _post(csrf_client, f"{API}/posts/{post_id}/bookmark", {}).json()["on"] is True
    edited = _post(csrf_client, f"{API}/posts/{post_id}", {"body": "Twee, aangepast"}, "patch")
    assert edited.json()["edited"] is True
    deleted = csrf_client.delete(f"{API}/posts/{post_id}", HTTP_X_CSRFTOKEN=csrf_client.csrf)
    assert deleted.json()["deleted"] is True and deleted.json()["html"] == ""


def test_writes_without_csrf_token_are_refused(member, topic):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(
        f"{API}/topics/{topic.pk}/posts", data='{"body": "x"}', content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"body": ""}, 400, "body"),
        ({"body": "x" * 100_000}, 400, "body"),
        ({"body": "ok", "reply_to": 42}, 400, "reply_to"),
    ],
)
def test_bad_posts_get_clear_messages_and_keep_the_draft(
    csrf_client, topic, payload, status, field
):
    response = _post(csrf_client, f"{API}/topics/{topic.pk}/posts", payload)
    assert response.status_code == status
    body = response.json()
    assert body["detail"] and field in body["errors"]
    assert Post.objects.count() == 1
    assert Draft.objects.get(key=f"reply:{topic.pk}").body == payload["body"]


def test_bad_reaction_and_closed_topic(csrf_client, topic):
    post = topic.posts.get()
    response = _post(csrf_client, f"{API}/posts/{post.pk}/reactions", {"kind": "💩"})
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    response = _post(csrf_client, f"{API}/topics/{topic.pk}/posts", {"body": "Toch"})
    assert response.status_code == 403 and response.json()["detail"]


def test_messages_follow_the_members_language(csrf_client, topic):
    response = csrf_client.post(
        f"{API}/topics/{topic.pk}/posts",
        data=json.dumps({"body": ""}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf_client.csrf,
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert "Schrijf eerst iets" in response.json()["detail"]


def test_invalid_json_is_a_clear_400(csrf_client, topic):
    response = csrf_client.post(
        f"{API}/topics/{topic.pk}/posts",
        data=b'{"body": "\xff\xfe"}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf_client.csrf,
    )
    assert response.status_code == 400 and response.json()["detail"]


def test_mention_autocomplete_and_drafts(csrf_client, other_member, member):
    found = csrf_client.get(f"{API}/members?q=jer").json()
    assert found == [{"username": "jeroen", "name": "Jeroen Bakker"}]
    saved = _post(csrf_client, f"{API}/drafts/reply:1", {"body": "half af"}, "put")
    assert saved.status_code == 200
    assert csrf_client.get(f"{API}/drafts/reply:1").json()["body"] == "half af"
    actions.save_draft(other_member, "reply:1", body="van een ander")
    assert csrf_client.get(f"{API}/drafts/reply:1").json()["body"] == "half af"
