"""Organiser tools: registrations per event with status and answers, export, check-in."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from events import actions
from events.models import Registration
from tests.factories import make_member


def fill(event, count: int) -> list[Registration]:
    return [
        actions.check_register_member(
            make_member(f"lid{n}"), event, answers={"dietary_needs": f"wens {n}"}
        )
        for n in range(count)
    ]


def test_organiser_sees_registrations_with_status_and_answers(admin_client, event):
    fill(event, 3)
    html = admin_client.get("/admin/event-registrations/").content.decode()
    assert "lid0@example.org" in html and "dietary_needs: wens 2" in html
    assert html.count("Wachtlijst") >= 1


def test_export_to_csv_and_xlsx(admin_client, event):
    fill(event, 3)
    response = admin_client.get("/admin/event-registrations/?export=csv")
    csv = b"".join(response.streaming_content).decode()
    assert csv.count("\n") >= 4 and "lid2@example.org" in csv
    response = admin_client.get("/admin/event-registrations/?export=xlsx")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    emails = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(emails) == ["lid0@example.org", "lid1@example.org", "lid2@example.org"]


def test_check_in_on_the_day(admin_client, event):
    registration = fill(event, 1)[0]
    response = admin_client.post(f"/admin/event-registrations/{registration.pk}/check-in/")
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).checked_in_at


def test_members_cannot_check_in(client, event, member):
    registration = fill(event, 1)[0]
    client.force_login(member)
    client.post(f"/admin/event-registrations/{registration.pk}/check-in/")
    assert not Registration.objects.get(pk=registration.pk).checked_in_at


def test_reminder_command_sends_once_in_the_recipients_language(make_event, member):
    event = make_event(start=timezone.now() + timedelta(days=1), reminder_days=2)
    make_event(slug="later", start=timezone.now() + timedelta(days=20), reminder_days=2)
    actions.check_register_member(member, event, language="en")
    mail.outbox.clear()
    call_command("send_event_reminders", stdout=io.StringIO())
    assert [m.subject for m in mail.outbox] == [f"[Flexibel Opleiden] Reminder: {event.title}"]
    call_command("send_event_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_event_edit_page_links_to_its_registrations(admin_client, event):
    html = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert f"/admin/event-registrations/?event={event.pk}" in html
