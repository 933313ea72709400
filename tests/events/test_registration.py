from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import actions
from events.actions import Registrant, RegistrationError
from events.models import EventPage, Registration
from tests.factories import make_member

Status = Registration.Status


def guest(email="gast@example.org", name="Gast Een"):
    return Registrant(name=name, email=email, institution="Pabo", language="nl")


def test_member_registers_with_one_click_and_gets_ics(event, member):
    registration = actions.check_register_member(member, event)
    assert registration.status == Status.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "aangemeld" in message.subject.lower() or "registered" in message.subject.lower()
    name, content, mimetype = message.attachments[0]
    assert name == "event.ics" and mimetype == "text/calendar"


def test_registering_twice_is_refused(event, member):
    actions.check_register_member(member, event)
    with pytest.raises(RegistrationError, match="al aangemeld"):
        actions.check_register_member(member, event)
    assert Registration.objects.count() == 1


def test_full_event_puts_registrants_on_the_waiting_list_in_order(event):
    members = [make_member(f"lid{i}") for i in range(4)]
    statuses = [actions.check_register_member(m, event).status for m in members]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    waiting = Registration.objects.filter(status=Status.WAITLISTED).order_by("id")
    assert [actions.waitlist_position(r) for r in waiting] == [1, 2]
    assert "nummer 1" in mail.outbox[2].body or "number 1" in mail.outbox[2].body


def test_cancellation_promotes_the_first_on_the_waiting_list_with_an_email(event):
    members = [make_member(f"lid{i}") for i in range(4)]
    registrations = [actions.check_register_member(m, event) for m in members]
    mail.outbox.clear()
    actions.check_cancel_registration(registrations[0])
    promoted = Registration.objects.get(pk=registrations[2].pk)
    assert promoted.status == Status.CONFIRMED and promoted.promoted_at
    assert Registration.objects.get(pk=registrations[3].pk).status == Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[members[2].email]]
    assert mail.outbox[0].attachments


def test_cancellation_after_the_cut_off_is_refused(make_event, member):
    event = make_event(start=timezone.now() + timedelta(hours=3), cancellation_cutoff_hours=24)
    registration = actions.check_register_member(member, event)
    with pytest.raises(RegistrationError, match="Online afmelden kan niet meer"):
        actions.check_cancel_registration(registration)
    assert Registration.objects.get().status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"is_cancelled": True}, "is geannuleerd"),
        ({"start": timezone.now() - timedelta(days=2)}, "al begonnen of voorbij"),
        ({"registration_closes": timezone.now() - timedelta(hours=1)}, "is gesloten"),
        ({"registration_opens": timezone.now() + timedelta(days=1)}, "nog niet open"),
        ({"capacity": 0}, "geen plaatsen"),
        ({"registration_enabled": False}, "kun je je niet aanmelden"),
    ],
)
def test_closed_registration_gives_a_clear_message(event, member, fields, message):
    # Written straight to the database: the page form would refuse some of these values.
    EventPage.objects.filter(pk=event.pk).update(**fields)
    event.refresh_from_db()
    with pytest.raises(RegistrationError, match=message):
        actions.check_register_member(member, event)
    assert not Registration.objects.exists()


def test_guest_confirms_by_email_before_getting_the_confirmation(event):
    registration = actions.check_register_guest(event, guest())
    assert registration.awaits_email_confirmation
    assert "bevestig" in mail.outbox[0].subject.lower() or "confirm" in mail.outbox[0].subject
    assert not mail.outbox[0].attachments
    actions.confirm_guest(registration)
    assert mail.outbox[1].attachments
    assert Registration.objects.get().email_confirmed_at


@pytest.mark.parametrize("email", ["not-an-email", "x@", "iemand@mailinator.com"])
def test_bad_guest_email_is_refused(event, email):
    with pytest.raises(RegistrationError):
        actions.check_register_guest(event, guest(email=email))
    assert not Registration.objects.exists()


def test_guests_cannot_register_for_a_members_only_event(make_event):
    event = make_event(audience="members")
    with pytest.raises(RegistrationError, match="Alleen leden"):
        actions.check_register_guest(event, guest())


def test_unconfirmed_guest_is_released_and_the_seat_goes_to_the_waiting_list(event, member):
    first = actions.check_register_guest(event, guest("a@example.org"))
    actions.check_register_guest(event, guest("b@example.org"))
    waiting = actions.check_register_member(member, event)
    assert waiting.status == Status.WAITLISTED
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    Registration.objects.exclude(pk=first.pk).filter(user=None).update(
        email_confirmed_at=timezone.now()
    )
    assert actions.release_unconfirmed() == 1
    assert Registration.objects.get(pk=first.pk).status == Status.EXPIRED
    assert Registration.objects.get(pk=waiting.pk).status == Status.CONFIRMED
    with pytest.raises(RegistrationError, match="verlopen"):
        actions.confirm_guest(Registration.objects.get(pk=first.pk))


def test_cancelling_an_event_notifies_everyone(event):
    members = [make_member(f"lid{i}") for i in range(3)]
    for m in members:
        actions.check_register_member(m, event)
    mail.outbox.clear()
    event.is_cancelled = True
    event.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert not Registration.objects.filter(status__in=[Status.CONFIRMED, Status.WAITLISTED])
    event.save_revision().publish()
    assert len(mail.outbox) == 3


def test_email_goes_out_in_the_registrants_language(event, member):
    actions.check_register_member(member, event, language="en")
    assert mail.outbox[0].subject.endswith(f"You are registered for {event.title}")


def test_the_page_form_refuses_an_event_with_registration_and_no_seats(event):
    event.capacity = 0
    with pytest.raises(ValidationError, match="minstens één plaats"):
        event.full_clean()
