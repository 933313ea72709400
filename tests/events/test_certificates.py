"""Certificates: issued in bulk to checked-in participants, in their language, with name,
session, date, hours, organiser and a QR code of the verification link; the verification page
tells genuine from tampered and revoked; organisers revoke one; members download their own."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
import segno
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.certificate_pdf import render_certificate
from events.certificates import (
    CertificateError,
    check_issue_certificates,
    check_revoke_certificate,
    download_path,
    verification_mac,
    verification_url,
)
from events.models import Certificate, Registration
from tests.factories import make_member


@pytest.fixture
def studiedag(make_event):
    start = timezone.now() - timedelta(days=2)
    return make_event(
        title="Studiedag zij-instroom",
        slug="studiedag",
        start=start,
        end=start + timedelta(hours=5, minutes=40),
        organiser="Velon Themagroep Flexibel Opleiden",
    )


def attend(event, user, *, checked_in=True) -> Registration:
    return Registration.objects.create(
        event=event,
        user=user,
        name=user.profile.display_name,
        email=user.email,
        status=Registration.Status.CONFIRMED,
        email_confirmed_at=timezone.now(),
        checked_in_at=timezone.now() if checked_in else None,
    )


@pytest.fixture
def issued(studiedag, member, other_member, editor):
    other_member.profile.language = "en"
    other_member.profile.save()
    attend(studiedag, member)
    attend(studiedag, other_member)
    attend(studiedag, make_member("afwezig"), checked_in=False)
    mail.outbox.clear()
    return check_issue_certificates(editor, studiedag)


def pdf_text(body: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())


def test_bulk_issue_reaches_every_checked_in_participant_once(issued, studiedag, editor):
    assert sorted(c.name for c in issued) == ["Jeroen Bakker", "Marieke de Vries"]
    assert {c.hours for c in issued} == {Decimal("5.5")}
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1]
    dutch = next(m for m in mail.outbox if m.to == [issued[0].registration.email])
    assert "certificaat" in dutch.subject.lower()
    assert download_path(issued[0]) in dutch.body
    english = next(m for m in mail.outbox if m is not dutch)
    assert english.subject.startswith("Your certificate") or "Your certificate" in english.subject
    assert check_issue_certificates(editor, studiedag) == []
    assert Certificate.objects.count() == 2


def test_only_organisers_issue_and_only_after_the_session(studiedag, make_event, member, editor):
    with pytest.raises(PermissionDenied):
        check_issue_certificates(member, studiedag)
    upcoming = make_event(slug="later")
    with pytest.raises(CertificateError, match="afgelopen"):
        check_issue_certificates(editor, upcoming)


def test_pdf_in_the_members_language_with_the_facts_and_a_qr_code_of_the_link(issued):
    dutch = next(c for c in issued if c.language == "nl")
    english = next(c for c in issued if c.language == "en")
    assert english.session == "Studiedag zij-instroom"  # no English translation: Dutch title
    url = verification_url(dutch)
    text = pdf_text(render_certificate(dutch, url))
    for fact in (
        "Bewijs van deelname",
        "Marieke de Vries",
        "Studiedag zij-instroom",
        "5,5 uur",
        "Georganiseerd door Velon Themagroep Flexibel Opleiden",
        dutch.code,
        url,
    ):
        assert fact in text, fact
    assert timezone.localdate(dutch.registration.event.start).strftime("%Y") in text
    english_text = pdf_text(render_certificate(english, verification_url(english)))
    assert "Certificate of attendance" in english_text and "5.5 hours" in english_text

    (image,) = PdfReader(io.BytesIO(render_certificate(dutch, url))).pages[0].images
    pixels = image.image.convert("L")
    matrix = segno.make(url, error="m").matrix
    module = pixels.width / (len(matrix) + 4)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            x, y = int((column + 2.5) * module), int((row + 2.5) * module)
            assert (pixels.getpixel((x, y)) < 128) == bool(dark)


def test_verification_page_genuine_tampered_and_revoked(client, issued, editor):
    certificate = issued[0]
    url = reverse(
        "events:certificate_verify",
        kwargs={"code": certificate.code, "mac": verification_mac(certificate)},
    )
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dit certificaat is echt." in text and certificate.name in text
    assert response["Cache-Control"] == "no-store"

    bad_mac = url.replace(verification_mac(certificate), "0" * 32)
    response = client.get(bad_mac)
    assert response.status_code == 404
    assert "Dit certificaat is niet geldig." in response.content.decode()
    assert certificate.name not in response.content.decode()

    Certificate.objects.filter(pk=certificate.pk).update(hours=Decimal("40"))
    response = client.get(url)
    assert response.status_code == 404 and "niet geldig" in response.content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(hours=Decimal("5.5"))

    check_revoke_certificate(editor, certificate, "Dubbel uitgegeven")
    response = client.get(url)
    assert response.status_code == 410
    text = response.content.decode()
    assert "Dit certificaat is niet geldig." in text and "ingetrokken" in text


def test_member_downloads_their_own_certificate_from_the_event_page(
    client, issued, studiedag, member, editor
):
    mine = next(c for c in issued if c.registration.user_id == member.pk)
    client.force_login(member)
    page = client.get(studiedag.url).content.decode()
    assert download_path(mine) in page
    response = client.get(download_path(mine))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Marieke de Vries" in pdf_text(response.content)
    wrong = download_path(mine)[:-3] + "abc/"
    assert client.get(wrong).status_code == 404
    check_revoke_certificate(editor, mine, "Niet aanwezig geweest")
    assert client.get(download_path(mine)).status_code == 404
    assert download_path(mine) not in client.get(studiedag.url).content.decode()


def test_organiser_issues_and_revokes_in_the_admin(client, studiedag, member, editor, moderator):
    attend(studiedag, member)
    issue_url = reverse("events_certificates_issue", args=[studiedag.pk])
    client.force_login(moderator)
    # The Wagtail admin answers a refused permission with a redirect to its dashboard.
    assert client.post(issue_url)["Location"] == "/admin/"
    assert not Certificate.objects.exists()
    client.force_login(editor)
    response = client.get(issue_url)
    assert "Marieke de Vries" in response.content.decode()
    response = client.post(issue_url, follow=True)
    assert "1 certificaat uitgegeven" in response.content.decode()
    certificate = Certificate.objects.get()
    assert certificate.issued_by == editor

    revoke_url = reverse("events_certificate_revoke", args=[certificate.pk])
    response = client.post(revoke_url, {"reason": " "})
    assert response.status_code == 400 and "waarom" in response.content.decode()
    client.force_login(moderator)
    assert client.post(revoke_url, {"reason": "x"})["Location"] == "/admin/"
    assert not Certificate.objects.get().is_revoked
    client.force_login(editor)
    response = client.post(revoke_url, {"reason": "Verkeerde sessie"}, follow=True)
    assert "ingetrokken" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == editor
    listing = client.get(reverse("events_certificates") + f"?event={studiedag.pk}")
    assert "Verkeerde sessie" in listing.content.decode()
    # A revoked certificate can be issued again, as a new one with a new number.
    assert len(check_issue_certificates(editor, studiedag)) == 1


def test_erasing_a_member_revokes_and_anonymises_their_certificates(issued, member):
    from community.privacy import do_erase_member

    do_erase_member(member)
    erased = Certificate.objects.get(pk=next(c.pk for c in issued if c.name == "Marieke de Vries"))
    assert erased.is_revoked and erased.name == "verwijderd lid"
