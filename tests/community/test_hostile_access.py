"""The hostile-input sweep, community part: another member's things, writes without a login or
without a CSRF token, and pending or hidden posts, through the pages and the API.

Every refusal is a 4xx that says why in Dutch (tests.hostile.assert_refused) and leaves the
database as it was (tests.hostile.snapshot).
"""

import json

import pytest
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client

from community import actions
from community.models import Notification, Post
from community.moderation import check_review_post
from tests.factories import make_member
from tests.hostile import assert_refused, snapshot

API = "/api/community"


@pytest.fixture
def scene(topic, member, other_member, moderator):
    """marieke's topic with jeroen's reply, a pending reply of a newcomer, a hidden reply, and
    jeroen's draft and notification."""
    newcomer = make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)
    theirs = actions.check_create_post(other_member, topic, body="Het antwoord van Jeroen")
    pending = actions.check_create_post(newcomer, topic, body="Geheim wachtend bericht")
    hidden = actions.check_create_post(other_member, topic, body="Verborgen door moderator")
    check_review_post(moderator, hidden, decision="hide", reason="Test")
    actions.save_draft(other_member, f"reply:{topic.pk}", body="Jeroens geheime concepttekst")
    mention = actions.check_create_post(member, topic, body="Hallo @jeroen, kijk eens")
    notification = Notification.objects.create(
        user=other_member, kind=Notification.Kind.MENTION, actor=member, topic=topic, post=mention
    )
    return {
        "topic": topic,
        "theirs": theirs,
        "pending": pending,
        "hidden": hidden,
        "base": topic.get_absolute_url(),
        "notification": notification,
    }


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    client.csrf = _mask_cipher_secret(secret)  # type: ignore[attr-defined]
    return client


def _api(client, method, url, data=None):
    return client.generic(
        method,
        url,
        data=json.dumps(data) if data is not None else "",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=getattr(client, "csrf", ""),
    )


@pytest.mark.parametrize(
    ("action", "data"),
    [("bewerken", {"body": "Gekaapt door Marieke"}), ("verwijderen", {}), ("bewerken", None)],
)
def test_editing_or_deleting_another_members_post_through_the_pages(
    client, scene, member, action, data
):
    client.force_login(member)
    before = snapshot()
    url = f"{scene['base']}{scene['theirs'].number}/{action}/"
    response = client.get(url) if data is None else client.post(url, data)
    body = assert_refused(response, 403)
    assert "Gekaapt" not in body or "Wat je hebt verstuurd" in body  # shown back, not saved
    assert snapshot() == before


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [("PATCH", "", {"body": "Gekaapt"}), ("DELETE", "", None)],
)
def test_editing_or_deleting_another_members_post_through_the_api(
    scene, member, method, suffix, data
):
    client = _csrf_client(member)
    before = snapshot()
    response = _api(client, method, f"{API}/posts/{scene['theirs'].pk}{suffix}", data)
    assert_refused(response, 403)
    assert snapshot() == before


@pytest.mark.parametrize("which", ["pending", "hidden"])
def test_reacting_to_or_bookmarking_a_post_one_may_not_see(client, scene, member, which):
    """A pending post of someone else does not exist for the member (404); a hidden one is a
    placeholder that takes no reactions (403)."""
    post = scene[which]
    api = _csrf_client(member)
    client.force_login(member)
    before = snapshot()
    status = 404 if which == "pending" else 403
    assert_refused(_api(api, "POST", f"{API}/posts/{post.pk}/reactions", {"kind": "bulb"}), status)
    if which == "pending":
        assert_refused(_api(api, "POST", f"{API}/posts/{post.pk}/bookmark"), 404)
    # Through the page the post is named by its number, which a pending post shares with the
    # next public one until it is approved: refused either way.
    post.refresh_from_db()
    react = client.post(f"{scene['base']}{post.number}/reactie/", {"kind": "bulb"})
    assert_refused(react, 403, 404)
    assert snapshot() == before


def test_another_members_draft_is_never_shown(client, scene, member):
    api = _csrf_client(member)
    key = f"reply:{scene['topic'].pk}"
    assert _api(api, "GET", f"{API}/drafts/{key}").json()["body"] == ""
    client.force_login(member)
    page = client.get(f"{scene['base']}?page=1").content.decode()
    reply = client.get(f"{scene['base']}reageren/").content.decode()
    assert "Jeroens geheime concepttekst" not in page + reply


def test_another_members_notification_cannot_be_opened(client, scene, member):
    client.force_login(member)
    before = snapshot()
    assert_refused(client.get(f"/nl/meldingen/{scene['notification'].pk}/"), 404)
    assert_refused(client.get(f"/nl/meldingen/{10**30}/"), 404)
    assert snapshot() == before
    client.post("/nl/meldingen/alles-gelezen/")
    assert Notification.objects.get(pk=scene["notification"].pk).read_at is None


def test_the_data_export_holds_only_the_members_own_data(client, scene, member, other_member):
    client.force_login(member)
    export = client.get("/nl/mijn-gegevens/downloaden/").content.decode()
    assert member.email in export
    assert other_member.email not in export
    assert "Jeroens geheime concepttekst" not in export


def test_watching_a_topic_one_may_not_see_is_refused(client, bespreekpunt, member):
    newcomer = make_member("nieuwkomer", display_name="Nina Nieuw", trust_level=0)
    pending_topic = actions.check_create_topic(
        newcomer, bespreekpunt, title="Nog niet goedgekeurd", body="Wachtend onderwerp"
    )
    assert pending_topic.is_pending
    client.force_login(member)
    before = snapshot()
    response = client.post(f"/nl/volgen/onderwerp/{pending_topic.pk}/", {"level": "3"})
    assert_refused(response, 404)
    assert snapshot() == before


ANONYMOUS_FORMS = [
    ("reply", "reageren/", {"body": "Mijn lange doordachte antwoord"}),
    ("edit", "1/bewerken/", {"body": "Mijn lange doordachte antwoord"}),
    ("react", "1/reactie/", {"kind": "bulb"}),
    ("flag", "1/rapporteren/", {"reason": "other", "note": "Mijn lange doordachte antwoord"}),
]


@pytest.mark.parametrize(("name", "suffix", "data"), ANONYMOUS_FORMS)
def test_anonymous_form_posts_get_403_with_a_login_link_and_the_text_kept(
    client, scene, name, suffix, data
):
    """Decision: a form sent without a login answers 403 (not a redirect to the login page,
    which would drop the text), shows the text back and links to the login page, which
    returns to the form."""
    before = snapshot()
    response = client.post(f"{scene['base']}{suffix}", data, HTTP_REFERER=scene["base"])
    body = assert_refused(response, 403, text="Log eerst in")
    assert "?next=" in body
    if "Mijn lange doordachte antwoord" in str(data):
        assert "Mijn lange doordachte antwoord" in body
    assert snapshot() == before


@pytest.mark.parametrize(
    "url",
    ["/nl/meldingen/alles-gelezen/", "/nl/profiel/", "/nl/mijn-gegevens/account-verwijderen/"],
)
def test_anonymous_posts_to_member_pages_get_403(client, scene, url):
    before = snapshot()
    assert_refused(client.post(url, {"display_name": "Inbreker"}), 403, text="Log eerst in")
    assert snapshot() == before


def test_anonymous_new_topic_and_api_writes_are_refused(client, scene, bespreekpunt):
    before = snapshot()
    new = client.post(f"{bespreekpunt.url}nieuw/", {"title": "Mijn titel", "body": "Tekst hier"})
    assert "Mijn titel" in assert_refused(new, 403)
    for method, url, data in [
        ("POST", f"{API}/topics/{scene['topic'].pk}/posts", {"body": "x"}),
        ("PATCH", f"{API}/posts/{scene['theirs'].pk}", {"body": "x"}),
        ("DELETE", f"{API}/posts/{scene['theirs'].pk}", None),
        ("PUT", f"{API}/drafts/reply:1", {"body": "x"}),
    ]:
        assert_refused(_api(client, method, url, data), 401)
    assert snapshot() == before


def test_form_posts_without_a_csrf_token_are_refused_in_dutch_with_the_text_kept(scene, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    before = snapshot()
    response = client.post(
        f"{scene['base']}reageren/", {"body": "Tekst die niet verloren mag gaan"}
    )
    body = assert_refused(response, 403, text="Dit formulier is verlopen")
    assert "Tekst die niet verloren mag gaan" in body
    assert snapshot() == before


def test_api_writes_without_a_csrf_token_are_refused(scene, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    before = snapshot()
    for method, url, data in [
        ("POST", f"{API}/topics/{scene['topic'].pk}/posts", {"body": "Zonder token"}),
        ("PUT", f"{API}/drafts/reply:1", {"body": "Zonder token"}),
        ("DELETE", f"{API}/posts/{Post.objects.get(number=1).pk}", None),
    ]:
        assert_refused(_api(client, method, url, data), 401, 403)
    assert snapshot() == before


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_pending_and_hidden_posts_do_not_leak_through_the_api_or_search(
    client, scene, member, viewer
):
    if viewer == "member":
        client.force_login(member)
    secret_texts = ("Geheim wachtend bericht", "Verborgen door moderator")
    detail = client.get(f"{API}/topics/{scene['topic'].pk}").content.decode()
    page = client.get(f"{scene['base']}?page=1").content.decode()
    search = client.get("/nl/zoeken/", {"q": "Geheim wachtend"}).content.decode()
    suggestions = client.get("/nl/zoeken/suggesties/", {"q": "Verborgen"}).content.decode()
    for text in secret_texts:
        assert text not in detail and text not in page
        assert text not in search and text not in suggestions
    for which in ("pending", "hidden"):
        assert client.get(f"{API}/posts/{scene[which].pk}").status_code in (404, 405)
