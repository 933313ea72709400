"""In Chromium: register, cancel through the emailed link, the waiting list moves up; the online
link is for registered participants only; the pages pass axe-core (WCAG 2.1 AA)."""

import re

import pytest
from django.core import mail

from events import actions
from events.models import Registration
from tests.browser import LIVE_DB, axe_violations, format_violations, login

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "correct-horse-battery"


def link_in(message, word: str) -> str:
    return next(url for url in re.findall(r"https?://\S+", message.body) if f"/{word}/" in url)


def on_live_server(live_server, url: str) -> str:
    return live_server.url + re.sub(r"^https?://[^/]+", "", url)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_register_cancel_by_email_link_and_the_waiting_list_moves_up(
    page, live_server, make_event, member, other_member
):
    event = make_event(
        capacity=1, kind="online", online_url="https://meet.example.org/flexibel", location=""
    )
    event_url = live_server.url + event.url

    login(page, live_server, member.email, PASSWORD)
    page.goto(event_url)
    assert "meet.example.org" not in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert "Je bent aangemeld voor deze bijeenkomst." in page.inner_text("main")
    assert page.get_by_role("link", name="https://meet.example.org/flexibel").is_visible()
    assert_accessible(page)

    waiting = actions.check_register_member(other_member, event)
    assert waiting.status == Registration.Status.WAITLISTED
    confirmation = next(m for m in mail.outbox if m.to == [member.email])
    assert confirmation.attachments

    page.goto(on_live_server(live_server, link_in(confirmation, "afmelden")))
    assert_accessible(page)
    page.get_by_role("button", name="Mijn aanmelding annuleren").click()
    page.wait_for_load_state()
    assert "Je aanmelding is geannuleerd." in page.inner_text("main")
    assert "meet.example.org" not in page.inner_text("main")

    promotion = [m for m in mail.outbox if m.to == [other_member.email]][-1]
    assert "plaats vrijgekomen" in promotion.subject
    assert promotion.attachments
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED


def test_visitor_registers_as_guest_and_confirms_by_email(page, live_server, make_event):
    event = make_event(ask_dietary_needs=True)
    page.goto(live_server.url + event.url)
    assert_accessible(page)
    page.get_by_label("Naam").fill("Gast Gastvrij")
    page.get_by_label("E-mailadres").fill("gast@example.org")
    page.get_by_label("Dieetwensen").fill("vegetarisch")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert "Bijna klaar" in page.inner_text("main")
    page.goto(on_live_server(live_server, link_in(mail.outbox[-1], "bevestigen")))
    page.get_by_role("button", name="Mijn aanmelding bevestigen").click()
    page.wait_for_load_state()
    assert "Je bent aangemeld" in page.inner_text("main")
    registration = Registration.objects.get()
    assert registration.email_confirmed_at and registration.answers == {
        "dietary_needs": "vegetarisch"
    }


def test_agenda_passes_axe(page, live_server, agenda, make_event):
    make_event(title="Werksessie leeruitkomsten", slug="ws", kind="werksessie")
    page.goto(live_server.url + agenda.url)
    assert "Werksessie leeruitkomsten" in page.inner_text("main")
    assert_accessible(page)
    page.goto(live_server.url + agenda.url + "?when=past")
    assert_accessible(page)


def test_outcome_page_passes_axe(page, live_server, make_event):
    from events.models import OutcomePage

    event = make_event(title="Werksessie", slug="ws")
    outcome = OutcomePage(title="Opbrengsten", slug="opbrengsten", scribes="Lotte", body=[])
    event.add_child(instance=outcome)
    outcome.save_revision().publish()
    page.goto(live_server.url + outcome.url)
    assert "Opbrengsten" in page.inner_text("main")
    assert_accessible(page)
