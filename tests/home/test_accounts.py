import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import translation

from community.models import Profile


def nl_url(name: str, **kwargs) -> str:
    with translation.override("nl"):
        return reverse(name, kwargs=kwargs or None)


SIGNUP = {
    "email": "nieuw@example.org",
    "password1": "een-lang-en-sterk-wachtwoord",
    "password2": "een-lang-en-sterk-wachtwoord",
    "display_name": "Nieuw Lid",
    "institution": "Pabo Deltastad",
}


def test_signup_sends_verification_and_confirming_logs_in(client, home_page):
    response = client.post(nl_url("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.org")
    assert user.profile.display_name == "Nieuw Lid"
    assert user.groups.filter(name="Members").exists()
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    response = client.get(nl_url("community:profile_edit"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"password1": "12345", "password2": "12345"}, "Dit wachtwoord is te kort."),
        ({"display_name": "   "}, "Dit is een verplicht veld."),
    ],
)
def test_bad_signup_gets_dutch_message_and_keeps_input(client, home_page, change, message):
    response = client.post(nl_url("account_signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Pabo Deltastad"' in html
    assert not get_user_model().objects.filter(email="nieuw@example.org").exists()


def test_signup_with_email_in_use_is_refused_in_dutch(client, home_page, member):
    response = client.post(nl_url("account_signup"), {**SIGNUP, "email": member.email})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is al een gebruiker geregistreerd met dit e-mailadres." in html
    assert 'value="Nieuw Lid"' in html


def test_member_edits_own_profile_and_it_shows_publicly(client, home_page, member):
    client.force_login(member)
    response = client.post(
        nl_url("community:profile_edit"),
        {
            "display_name": "Marieke de Vries",
            "institution": "Lerarenopleiding Rijnland",
            "role": "school",
            "partnership": "Rijnland Opleidt",
            "expertise": "leeruitkomsten, zij-instroom",
            "bio": "Schoolopleider.",
        },
    )
    assert response.status_code == 302
    html = client.get(nl_url("community:profile", username=member.username)).content.decode()
    assert "Lerarenopleiding Rijnland" in html
    assert "Lerarenopleider op een school" in html
    assert "zij-instroom" in html


def test_profile_edit_needs_login(client, home_page):
    response = client.get(nl_url("community:profile_edit"))
    assert response.status_code == 302
    assert nl_url("account_login") in response["Location"]


def test_member_groups_exist_with_their_permissions(db):
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    assert Group.objects.filter(name="Members").exists()
    access = Permission.objects.get(codename="access_admin")
    assert access in editors.permissions.all()
    assert access in moderators.permissions.all()
    editor_page_rights = set(
        editors.page_permissions.values_list("permission__codename", flat=True)
    )
    assert "publish_page" in editor_page_rights
    assert not moderators.page_permissions.exists()


def test_profile_is_created_for_accounts_made_outside_signup(client, home_page):
    user = get_user_model().objects.create_user("beheer", "beheer@example.org", "x")
    client.force_login(user)
    assert client.get(nl_url("community:profile_edit")).status_code == 200
    assert Profile.objects.get(user=user).display_name == "beheer"
