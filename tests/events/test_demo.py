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
from events.certificates import Verdict, verification_mac, verify
from events.models import (
    Certificate,
    EventIndexPage,
    EventPage,
    EventSeriesPage,
    OutcomePage,
    Registration,
    SeriesException,
)
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
        "certificates": sorted(Certificate.objects.values_list("code", "name", "session")),
        "exceptions": sorted(SeriesException.objects.values_list("series__slug", "date")),
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

    # The manifest's sessions; the finished study day and the series are tested below.
    past = events.filter(end__lt=timezone.now(), series_date__isnull=True).exclude(
        slug="studiedag-werkplek-als-leeromgeving"
    )
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
    # Six events, the finished study day and the series' nine sessions.
    assert EventPage.objects.filter(locale__language_code="nl").count() == 16


def test_demo_has_a_monthly_online_series_and_a_finished_studiedag_with_certificates(
    client, context
):
    demo.load(context)
    series = EventSeriesPage.objects.get(
        slug="online-intervisie-zij-instroom", locale__language_code="nl"
    )
    assert series.frequency == "monthly_weekday" and series.kind == "online"
    sessions = list(series.occurrences())
    assert len(sessions) == 9 and series.exceptions.count() == 1
    assert all(8 <= session.start.astimezone(series.start.tzinfo).day <= 14 for session in sessions)
    now = timezone.now()
    assert any(s.end < now for s in sessions) and any(s.start > now for s in sessions)
    upcoming = next(s for s in sessions if s.start > now)
    assert upcoming.registrations.count() == 3
    english = series.get_translation(Locale.objects.get(language_code="en"))
    assert EventPage.objects.child_of(english).count() == 9
    assert "Elke maand op de tweede dinsdag" in client.get(series.url).content.decode()

    studiedag = EventPage.objects.get(
        slug="studiedag-werkplek-als-leeromgeving", locale__language_code="nl"
    )
    assert studiedag.end < now
    certificates = Certificate.objects.filter(registration__event=studiedag)
    assert certificates.count() == 4  # the absent participant has none
    for certificate in certificates:
        assert verify(certificate.code, verification_mac(certificate))[0] == Verdict.GENUINE
