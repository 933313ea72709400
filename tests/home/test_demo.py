import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Locale, Page

from home.models import HomePage


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.django_db
def test_demo_command_twice_gives_the_same_content_and_no_duplicates():
    call_command("load_demo", verbosity=0)
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
