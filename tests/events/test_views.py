"""What visitors and members see and do on the agenda and event pages."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from events import actions
from events.models import EventPage, Registration
from tests.factories import make_member

Status = Registration.Status


def link_in(message, word: str) -> str:
    return next(url for url in re.findall(r"https?://\S+", message.body) if f"/{word}/" in url)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_member_registers_with_one_click(client, event, member):
    client.force_login(member)
    response = client.post(event.url + "aanmelden/", follow=True)
    html = response.content.decode()
    assert "Je bent aangemeld voor deze bijeenkomst." in html
    assert Registration.objects.get().user == member


def test_guest_registers_confirms_and_cancels_by_email_links(client, event):
    response = client.post(
        event.url + "aanmelden/",
        {"name": "Gast", "email": "gast@example.org", "institution": "Pabo"},
        follow=True,
    )
    assert "Bijna klaar" in response.content.decode()
    confirm = path_of(link_in(mail.outbox[0], "bevestigen"))
    assert "Bevestig je aanmelding" in client.get(confirm).content.decode()
    client.post(confirm)
    assert Registration.objects.get().email_confirmed_at
    cancel = path_of(link_in(mail.outbox[1], "afmelden"))
    assert client.get(cancel).status_code == 200
    response = client.post(cancel, follow=True)
    assert "Je aanmelding is geannuleerd." in response.content.decode()
    assert Registration.objects.get().status == Status.CANCELLED


def test_tampered_cancellation_link_is_refused(client, event, member):
    registration = actions.check_register_member(member, event)
    cancel = path_of(link_in(mail.outbox[0], "afmelden"))
    tampered = cancel.replace(f"/{registration.pk}-", f"/{registration.pk}-0")
    response = client.post(tampered)
    assert response.status_code == 400
    assert "Deze afmeldlink is niet geldig." in response.content.decode()
    assert Registration.objects.get().status == Status.CONFIRMED


def test_guest_form_errors_are_shown_and_nothing_is_saved(client, event):
    response = client.post(
        event.url + "aanmelden/", {"name": "Gast", "email": "gast@mailinator.com"}
    )
    assert response.status_code == 400
    assert "geen wegwerpadres" in response.content.decode()
    assert not Registration.objects.exists()


def test_visitor_must_log_in_for_a_members_only_event(client, make_event):
    event = make_event(audience="members")
    html = client.get(event.url).content.decode()
    assert "Log in om je aan te melden." in html
    response = client.post(event.url + "aanmelden/")
    assert response.status_code == 403 and "next=" in response.content.decode()


def test_online_link_only_for_registered_participants(client, make_event, member, other_member):
    event = make_event(online_url="https://meet.example.org/flex", kind="online")
    actions.check_register_member(member, event)
    client.force_login(other_member)
    html = client.get(event.url).content.decode()
    assert "meet.example.org" not in html
    assert "Zichtbaar voor aangemelde deelnemers." in html
    client.force_login(member)
    assert "https://meet.example.org/flex" in client.get(event.url).content.decode()


def test_optional_questions_are_asked_and_stored(client, make_event, member):
    event = make_event(ask_dietary_needs=True, ask_accessibility_needs=True)
    client.force_login(member)
    html = client.get(event.url).content.decode()
    assert "Dieetwensen" in html and "Toegankelijkheidswensen" in html
    client.post(event.url + "aanmelden/", {"dietary_needs": "vegetarisch"})
    assert Registration.objects.get().answers == {"dietary_needs": "vegetarisch"}


def test_agenda_filters_by_kind_and_pages(
    client, agenda, make_event, django_assert_max_num_queries
):
    for number in range(12):
        make_event(title=f"Werksessie {number}", slug=f"ws-{number}", kind="werksessie")
    make_event(title="Het congres", slug="congres", kind="congress")
    make_event(
        title="Vorig jaar",
        slug="vorig",
        start=timezone.now() - timedelta(days=300),
        kind="studiedag",
    )
    with django_assert_max_num_queries(20):
        html = client.get(agenda.url).content.decode()
    assert "Pagina 1 van 2" in html and "Vorig jaar" not in html
    html = client.get(agenda.url + "?kind=congress").content.decode()
    assert "Het congres" in html and "Werksessie 1" not in html
    html = client.get(agenda.url + "?when=past").content.decode()
    assert "Vorig jaar" in html and "Het congres" not in html
    assert client.get(agenda.url + "?page=2").status_code == 200


def test_event_page_query_count(client, event, member, django_assert_max_num_queries):
    for number in range(5):
        actions.check_register_member(make_member(f"lid{number}"), event)
    client.force_login(member)
    client.get(event.url)  # the day's first visit and the shell's caches cost their own queries
    with django_assert_max_num_queries(25):
        response = client.get(event.url)
    assert response.status_code == 200


def test_my_calendar_page_lists_registrations_and_the_private_feed(client, event, member):
    from events.links import member_feed_token

    actions.check_register_member(member, event)
    client.force_login(member)
    html = client.get("/nl/agenda/mijn-kalender/").content.decode()
    assert event.title in html and "Abonneer je in je agenda" in html
    assert f"mijn-kalender/{member_feed_token(member)}/" in html


def test_registering_on_the_english_page_counts_on_the_one_event(client, event, member, locales):
    english = event.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    client.force_login(member)
    response = client.post(english.url + "register/", follow=True)
    assert "You are registered for this event." in response.content.decode()
    assert Registration.objects.get().event_id == event.pk
    assert mail.outbox[0].subject.endswith(f"You are registered for {english.title}")


def test_agenda_filters_by_bespreekpunt(client, agenda, make_event, bespreekpunt):
    slot = {"start": "10:00:00", "end": "11:00:00", "title": "Aan tafel", "description": ""}
    make_event(
        title="Over leeruitkomsten",
        slug="over",
        programme=[("slot", {**slot, "bespreekpunt": bespreekpunt})],
    )
    make_event(title="Iets anders", slug="anders")
    html = client.get(f"{agenda.url}?bespreekpunt={bespreekpunt.pk}").content.decode()
    assert "Over leeruitkomsten" in html and "Iets anders" not in html
    event_html = client.get("/nl/agenda/over/").content.decode()
    assert "Aan tafel" in event_html and bespreekpunt.url in event_html


def test_the_cancel_link_is_offered_only_until_the_cut_off(client, make_event, member):
    client.force_login(member)
    soon = make_event(start=timezone.now() + timedelta(days=2), cancellation_cutoff_hours=24)
    over = make_event()
    registrant = actions.Registrant(
        name="Marieke", email=member.email, institution="", language="nl"
    )
    for event in (soon, over):
        actions.do_register(event, registrant, user=member, answers={})
    # A day before `soon` (inside its cut-off), and `over` took place two days ago.
    start = timezone.now() + timedelta(hours=2)
    EventPage.objects.filter(pk=soon.pk).update(start=start, end=start + timedelta(hours=6))
    start = timezone.now() - timedelta(days=2)
    EventPage.objects.filter(pk=over.pk).update(start=start, end=start + timedelta(hours=6))
    soon.refresh_from_db()
    over.refresh_from_db()
    html = client.get(soon.url).content.decode()
    assert "Je bent aangemeld voor deze bijeenkomst." in html
    assert "Mijn aanmelding annuleren" not in html
    assert "Online afmelden kan niet meer. Neem contact op met de organisator." in html
    html = client.get(over.url).content.decode()
    assert "Je was aangemeld voor deze bijeenkomst." in html
    assert "Mijn aanmelding annuleren" not in html and "Online afmelden" not in html
