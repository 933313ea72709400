import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from wagtail.models import Locale, Page

from home.models import HomePage
from tests.home.test_directory import directory_url, names


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.django_db
def test_demo_command_twice_gives_the_same_content_and_no_duplicates():
    call_command("load_demo", verbosity=0)
    assert mail.outbox == []  # the demo is history: nobody is mailed about it
    first = row_counts()
    call_command("load_demo", verbosity=0)
    assert row_counts() == first


@pytest.mark.django_db
def test_demo_builds_a_dutch_site_with_an_english_translation(client):
    call_command("load_demo", verbosity=0)
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.get_translation_or_none(Locale.objects.get(language_code="en")) is not None
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()
    assert client.get("/nl/").status_code == 200
    assert client.get("/en/").status_code == 200

    # The member directory has a listed and an unlisted member with the same expertise.
    client.force_login(get_user_model().objects.get(username="joost"))
    response = client.get(directory_url(q="zij-instroom"))
    assert names(response) == ["Fatima El Amrani"]  # Nina, with the same expertise, is not listed
    everyone = names(client.get(directory_url()))
    assert "Nina Verbeek" not in everyone and "Beheerder" not in everyone
    html = client.get(directory_url(q="anouk")).content.decode()
    assert "Werksessie" in html.split('id="directory-results"')[1]  # a session she attended
