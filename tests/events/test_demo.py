"""The agenda part of the demo: manifest sessions with outcomes, upcoming events, idempotent.

`manage.py load_demo` as a whole is tested in tests/home/test_demo.py; here the events loader
runs on its own with the three bespreekpunten the community loader would provide.
"""

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from community.models import BespreekpuntIndexPage, BespreekpuntPage
from events import demo
from events.models import EventIndexPage, EventPage, OutcomePage, Registration
from events.selectors import outcomes_for_bespreekpunt
from home.demo import DemoContext
from tests.factories import make_member

SLUGS = ["leeruitkomsten", "opleidingsvarianten", "meer-dan-leraren"]


@pytest.fixture
def context(home_page):
    english = Locale.objects.get(language_code="en")
    index = home_page.add_child(instance=BespreekpuntIndexPage(title="B", slug="bespreekpunten"))
    context = DemoContext(home=home_page, home_en=home_page.get_translation(english))
    for number, slug in enumerate(SLUGS, start=1):
        page = index.add_child(
            instance=BespreekpuntPage(title=slug, slug=slug, number=number, intro="<p>x</p>")
        )
        page.save_revision().publish()
        context.pages[f"bespreekpunt:{slug}"] = page
    for name in ["anouk", "bram", "fatima", "joost", "lotte", "sanne", "eva"]:
        context.members[name] = make_member(name)
    return context


def agenda_state():
    return {
        "pages": sorted(
            EventPage.objects.values_list("locale__language_code", "slug", "start", "title")
        ),
        "outcomes": sorted(OutcomePage.objects.values_list("locale__language_code", "title")),
        "registrations": sorted(Registration.objects.values_list("event__slug", "email", "status")),
        "revisions": sorted(
            (page.slug, page.locale_id, page.revisions.count())
            for page in [*EventPage.objects.all(), *OutcomePage.objects.all()]
        ),
    }


def test_loading_the_demo_twice_changes_nothing_and_sends_no_mail(context):
    demo.load(context)
    first = agenda_state()
    demo.load(context)
    assert agenda_state() == first
    assert not mail.outbox


def test_demo_agenda_has_the_manifest_sessions_and_upcoming_events(client, context):
    demo.load(context)
    agenda = EventIndexPage.objects.get(locale__language_code="nl", slug="agenda")
    assert agenda.get_translations().filter(locale__language_code="en", live=True).exists()
    events = EventPage.objects.filter(locale__language_code="nl")
    for page in [*events, *OutcomePage.objects.filter(locale__language_code="nl")]:
        assert page.get_translations().filter(locale__language_code="en", live=True).exists()

    past = events.filter(end__lt=timezone.now())
    assert {event.start.date().isoformat() for event in past} >= {"2022-09-29", "2022-11-11"}
    assert any(event.start.strftime("%Y-%m") == "2022-03" for event in past)
    for event in past:
        assert OutcomePage.objects.child_of(event).live().exists()
    outcomes = outcomes_for_bespreekpunt(context.pages["bespreekpunt:leeruitkomsten"])
    assert len(outcomes) == 2

    upcoming = events.filter(start__gt=timezone.now(), registration_enabled=True)
    assert upcoming.count() >= 2
    statuses = set(Registration.objects.filter(event__in=upcoming).values_list("status", flat=True))
    assert statuses == {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED}

    assert "Kampvuursessie" in client.get("/nl/agenda/?when=past").content.decode()
    assert "Campfire session" in client.get("/en/agenda/?when=past").content.decode()


def test_demo_loader_copes_with_missing_bespreekpunten(home_page):
    english = Locale.objects.get(language_code="en")
    demo.load(DemoContext(home=home_page, home_en=home_page.get_translation(english)))
    assert EventPage.objects.filter(locale__language_code="nl").count() == 6
