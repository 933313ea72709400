"""The hostile-input sweep, accounts part: allauth's emailed keys and the unsubscribe link,
tampered or used twice. A bad key answers 400 in Dutch (allauth itself says 200) and changes
nothing."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from community.emails import unsubscribe_token
from community.models import Profile
from tests.factories import make_member
from tests.hostile import assert_refused, snapshot

SIGNUP = {
    "email": "nieuw@example.org",
    "password1": "een-lang-en-sterk-wachtwoord",
    "password2": "een-lang-en-sterk-wachtwoord",
    "display_name": "Nieuw Lid",
    "institution": "Pabo Deltastad",
}


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


@pytest.fixture
def confirm_link(client, home_page) -> str:
    client.post("/nl/account/signup/", SIGNUP)
    return _link(mail.outbox[-1])


@pytest.mark.parametrize("change", ["tamper", "garbage", "long"])
def test_a_tampered_email_confirmation_key_answers_400(client, confirm_link, change):
    key = confirm_link.rstrip("/").rsplit("/", 1)[1]
    bad = {"tamper": key[:-3] + "xyz", "garbage": "bestaat-niet", "long": "a" * 5000}[change]
    url = confirm_link.replace(key, bad)
    before = snapshot()
    assert_refused(client.get(url), 400)
    assert_refused(client.post(url), 404)
    assert snapshot() == before
    assert not EmailAddress.objects.get(email="nieuw@example.org").verified


def test_a_used_email_confirmation_key_answers_400(client, confirm_link):
    assert client.post(confirm_link).status_code == 302
    client.logout()
    before = snapshot()
    assert_refused(client.get(confirm_link), 400)
    assert snapshot() == before


@pytest.fixture
def reset_link(client, home_page) -> str:
    make_member("marieke")
    client.post("/nl/account/password/reset/", {"email": "marieke@example.org"})
    return _link(mail.outbox[-1])


def test_a_tampered_password_reset_key_answers_400(client, reset_link):
    before = snapshot()
    for bad in (
        reset_link[:-4] + "zzz/",
        reset_link.replace("/key/", "/key/zz"),
        "/nl/account/password/reset/key/1-x/",
    ):
        response = client.get(bad, follow=True)
        assert_refused(response, 400)
        post = client.post(
            bad, {"password1": "nieuw-wachtwoord-1", "password2": "nieuw-wachtwoord-1"}
        )
        assert_refused(post, 400)
    assert snapshot() == before


def test_a_used_password_reset_key_answers_400(client, reset_link):
    form = client.get(reset_link, follow=True)
    assert form.status_code == 200
    new = {"password1": "een-nieuw-sterk-wachtwoord", "password2": "een-nieuw-sterk-wachtwoord"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    client.logout()
    before = snapshot()
    assert_refused(client.get(reset_link, follow=True), 400)
    assert snapshot() == before
    assert get_user_model().objects.get(username="marieke").check_password(new["password1"])


def test_unsubscribe_links_of_no_member_are_refused_and_reuse_changes_nothing(client, member):
    before = snapshot()
    assert_refused(client.get(f"/nl/afmelden/{unsubscribe_token(10**9)}/"), 400)
    assert_refused(client.post("/nl/afmelden/%00/"), 400, 404)
    assert snapshot() == before
    url = f"/nl/afmelden/{unsubscribe_token(member.pk)}/"
    assert client.post(url).status_code == 200
    after_first = snapshot()
    # Decision: RFC 8058 one-click links may be sent again by mail clients; a second use answers
    # the same page and changes nothing more.
    assert client.post(url).status_code == 200
    assert snapshot() == after_first
    assert Profile.objects.get(user=member).email_frequency == "never"
