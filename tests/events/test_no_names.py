"""No-names mode (Chatham House): an organiser records a session's outcomes without names;
then no participant is named on any page, in search, the API or an export, while the number of
participants still shows."""

import json
from datetime import time

import pytest
from wagtail.models import Locale

from community.privacy import export_member_data
from events import actions
from events.models import OutcomePage, Registration
from events.outcomes import check_record_without_names
from search.models import SearchDocument
from tests.events.test_outcomes import make_outcome

pytestmark = pytest.mark.django_db

SPEAKER, SCRIBE, GUEST = "Anouk Spreekstra", "Lotte Notulant", "Pieter Gastmans"


@pytest.fixture
def session(make_event, bespreekpunt):
    return make_event(
        title="Werksessie leeruitkomsten",
        programme=[
            ("slot", {"start": time(13), "title": "Aan de slag", "bespreekpunt": bespreekpunt})
        ],
    )


@pytest.fixture
def outcome(session, bespreekpunt, member, other_member):
    """A published outcome (also in English) with a named speaker and scribe, and three
    participants: two members and a guest."""
    session.capacity = 10
    session.save_revision().publish()
    actions.check_register_member(member, session)
    actions.check_register_member(other_member, session)
    guest = actions.check_register_guest(
        session, actions.Registrant(name=GUEST, email="pieter@example.org")
    )
    actions.confirm_guest(guest)
    outcome = make_outcome(session, bespreekpunt)
    page = OutcomePage.objects.get(pk=outcome.pk)
    page.body = [
        (
            "bespreekpunt",
            {
                "bespreekpunt": bespreekpunt,
                "insights": ["Leeruitkomsten geven ruimte"],
                "open_questions": [],
                "agreements": ["We delen voorbeelden"],
                "advice": [],
                "quotes": [{"text": "Begin klein en deel wat werkt", "speaker": SPEAKER}],
            },
        )
    ]
    page.scribes = SCRIBE
    page.save_revision().publish()
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Outcomes"
    english.save_revision().publish()
    return OutcomePage.objects.get(pk=outcome.pk)


# Everyone who could be named: the speaker, the scribe and the three participants.
NAMES = [SPEAKER, SCRIBE, GUEST, "Marieke de Vries", "Jeroen Bakker"]


def test_only_the_events_organisers_may_record_without_names(client, outcome, member, editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        check_record_without_names(member, outcome)
    url = outcome.url + "zonder-namen/"
    assert client.post(url).status_code == 403  # anonymous posts are refused with a login link
    client.force_login(member)
    assert "Vastleggen zonder namen" not in client.get(outcome.url).content.decode()
    assert client.post(url).status_code == 403
    assert not OutcomePage.objects.filter(no_names=True).exists()
    client.force_login(editor)
    assert "Vastleggen zonder namen" in client.get(outcome.url).content.decode()
    assert client.get(url).status_code == 405  # only a POST changes it
    response = client.post(url)
    assert response.status_code == 302
    # Every translation follows, live at once.
    assert set(OutcomePage.objects.values_list("no_names", flat=True)) == {True}
    assert "Vastleggen zonder namen" not in client.get(outcome.url).content.decode()


def test_a_draft_in_progress_is_not_published_but_keeps_the_mode(outcome, editor):
    draft = outcome.get_latest_revision_as_object()
    draft.title = "Opbrengsten (concept)"
    draft.save_revision()
    check_record_without_names(editor, outcome)
    live = OutcomePage.objects.get(pk=outcome.pk)
    assert live.no_names and live.title == "Opbrengsten"
    latest = live.get_latest_revision_as_object()
    assert latest.no_names and latest.title == "Opbrengsten (concept)"


def test_no_participant_name_anywhere(
    client, outcome, session, bespreekpunt, member, other_member, editor
):
    check_record_without_names(editor, outcome)
    outcome = OutcomePage.objects.get(pk=outcome.pk)
    english = OutcomePage.objects.exclude(pk=outcome.pk).get()
    hidden = NAMES
    pages = [
        outcome.url,
        english.url,
        session.url,
        bespreekpunt.url,
        bespreekpunt.url + "tijdlijn/",
        bespreekpunt.url + "tijdlijn/feed/",
        "/nl/zoeken/?q=Begin+klein",
        f"/nl/zoeken/?q={SPEAKER.split()[0]}",
        f"/nl/zoeken/?q={SCRIBE.split()[0]}",
        f"/nl/zoeken/suggesties/?q={SPEAKER[:4]}",
        "/api/events/outcomes/",
        f"/api/events/outcomes/{outcome.pk}/",
        outcome.url + "exporteren/",
        english.url + "export/",
    ]
    seen = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.content.decode()
    # The outcome itself is there, with its count of participants.
    assert "Begin klein en deel wat werkt" in seen[outcome.url]
    assert "3 deelnemers namen deel." in seen[outcome.url]
    assert outcome.url in seen["/nl/zoeken/?q=Begin+klein"]  # found, without its speaker
    assert "3 deelnemers" in seen[bespreekpunt.url + "tijdlijn/"]
    detail = json.loads(seen[f"/api/events/outcomes/{outcome.pk}/"])
    assert detail["participant_count"] == 3 and detail["no_names"] is True
    assert detail["scribes"] is None and detail["outcomes"][0]["quotes"][0]["speaker"] is None
    for url, text in seen.items():
        for name in hidden:
            assert name not in text, f"{name} on {url}"
    # The search index and Wagtail's own (admin) index hold no names either.
    for document in SearchDocument.objects.filter(key=f"page:{outcome.pk}"):
        for name in hidden:
            assert name not in f"{document.title} {document.body}"
    assert not OutcomePage.objects.search(SPEAKER.split()[0]).results()
    assert "Spreekstra" not in outcome.searchable_body()
    # Nor does another participant's data export name anyone else.
    export = json.dumps(export_member_data(other_member), default=str)
    for name in (SPEAKER, SCRIBE, GUEST, "Marieke de Vries"):
        assert name not in export


def test_with_names_the_same_places_do_name_them(client, outcome):
    assert SPEAKER in client.get(outcome.url).content.decode()
    detail = client.get(f"/api/events/outcomes/{outcome.pk}/").json()
    assert detail["scribes"] == SCRIBE
    assert detail["outcomes"][0]["quotes"][0]["speaker"] == SPEAKER
    assert SPEAKER in outcome.searchable_body()


def test_participants_are_counted_by_check_in_when_there_is_one(client, outcome, member):
    registration = Registration.objects.filter(user=member).get()
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=registration.created_at)
    assert "1 deelnemer nam deel." in client.get(outcome.url).content.decode()
