"""In Chromium: a member registers for one session of a series; a participant downloads their
certificate and checks it through the link printed on it; the new pages pass axe-core."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from events.certificates import check_issue_certificates, check_revoke_certificate
from events.models import Registration
from tests.browser import LIVE_DB, axe_violations, format_violations, login

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "correct-horse-battery"


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_member_registers_for_one_session_of_a_series(page, live_server, make_series, member):
    series = make_series(capacity=5)
    first, second, *_rest = series.occurrences()
    login(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + series.url)
    assert "Elke week op" in page.inner_text("main")
    assert_accessible(page)
    page.locator(f'a[href="{second.url}"]').click()
    page.wait_for_load_state()
    assert "Eén bijeenkomst uit de reeks" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert "Je bent aangemeld voor deze bijeenkomst." in page.inner_text("main")
    page.get_by_role("link", name="Online intervisie").click()
    page.wait_for_load_state()
    assert page.inner_text("main").count("Je bent aangemeld.") == 1
    assert list(Registration.objects.values_list("event_id", flat=True)) == [second.pk]


def test_participant_downloads_and_verifies_their_certificate(
    page, live_server, make_event, member, editor
):
    start = timezone.now() - timedelta(days=3)
    event = make_event(
        title="Studiedag werkplekleren",
        slug="studiedag",
        start=start,
        end=start + timedelta(hours=6),
        organiser="Themagroep Flexibel Opleiden",
    )
    Registration.objects.create(
        event=event,
        user=member,
        name="Marieke de Vries",
        email=member.email,
        status=Registration.Status.CONFIRMED,
        email_confirmed_at=start,
        checked_in_at=start,
    )
    (certificate,) = check_issue_certificates(editor, event)

    login(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + event.url)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download je certificaat (pdf)").click()
    body = Path(download_info.value.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
    assert "Marieke de Vries" in text and "Studiedag werkplekleren" in text and "6 uur" in text
    printed = re.search(r"https?://\S+/certificaten/\S+/", text).group(0)
    verify_url = live_server.url + re.sub(r"^https?://[^/]+", "", printed)

    page.goto(verify_url)
    main = page.inner_text("main")
    assert "Dit certificaat is echt." in main and "Marieke de Vries" in main
    assert_accessible(page)

    page.goto(verify_url[:-5] + "0000/")
    assert "Dit certificaat is niet geldig." in page.inner_text("main")
    assert "Marieke de Vries" not in page.inner_text("main")
    assert_accessible(page)

    check_revoke_certificate(editor, certificate, "Uitgegeven aan de verkeerde deelnemer")
    page.goto(verify_url)
    assert "Dit certificaat is niet geldig." in page.inner_text("main")
    assert "ingetrokken" in page.inner_text("main")
    assert_accessible(page)
