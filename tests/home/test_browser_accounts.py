"""Accounts in a real browser: sign up, verify, log in, edit the profile, log out; bad input."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.browser import LIVE_DB, axe_violations, format_violations, live_url, login

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "een-lang-en-sterk-wachtwoord"


def fill_signup(page, live_server, **overrides: str) -> None:
    values = {
        "email": "nieuw@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nieuw Lid",
        "institution": "Pabo Deltastad",
        **overrides,
    }
    page.goto(live_url(live_server, "account_signup"))
    for name, value in values.items():
        page.fill(f'main form input[name="{name}"]', value)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()


def log_out(page) -> None:
    with page.expect_navigation():
        page.locator('.account-nav form button[type="submit"]').click()
    assert not any(cookie["name"] == "sessionid" for cookie in page.context.cookies())


def test_sign_up_verify_log_in_edit_profile_and_log_out(page, live_server, home_page):
    fill_signup(page, live_server)
    assert "/nl/" in page.url
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.org"]
    match = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    link = match.group(0)
    assert link.startswith(live_server.url)

    # The link only shows a confirmation button: mail scanners that follow links confirm nothing.
    page.goto(link)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()
    log_out(page)

    login(page, live_server, "nieuw@example.org", PASSWORD)
    page.goto(live_url(live_server, "community:profile_edit"))
    assert page.input_value('input[name="display_name"]') == "Nieuw Lid"
    page.fill('input[name="display_name"]', "Nieuw Lid-Jansen")
    page.fill('input[name="institution"]', "Lerarenopleiding Rijnland")
    page.select_option('select[name="role"]', "school")
    role_label = page.locator('select[name="role"] option:checked').inner_text()
    page.fill('input[name="partnership"]', "Partnerschap Rijnland Opleidt")
    page.fill('input[name="expertise"]', "werkplekleren, zij-instroom")
    page.fill('textarea[name="bio"]', "Schoolopleider die zij-instromers begeleidt.")
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()
    assert page.locator(".messages").is_visible()

    username = get_user_model().objects.get(email="nieuw@example.org").username
    page.goto(live_url(live_server, "community:profile", kwargs={"username": username}))
    profile = page.inner_text("main")
    assert page.inner_text("h1") == "Nieuw Lid-Jansen"
    for text in (
        "Lerarenopleiding Rijnland",
        role_label,
        "Partnerschap Rijnland Opleidt",
        "werkplekleren",
        "zij-instroom",
        "Schoolopleider die zij-instromers begeleidt.",
    ):
        assert text in profile
    log_out(page)


def test_home_page_loads_without_console_errors(page, live_server, home_page):
    response = page.goto(f"{live_server.url}/nl/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"email": "marieke@example.org"},
            "Er is al een gebruiker geregistreerd met dit e-mailadres",
        ),
        ({"password1": "wachtwoord", "password2": "wachtwoord"}, "Dit wachtwoord is te"),
        ({"email": "naam@school"}, "Voer een geldig e-mailadres in."),
    ],
    ids=["email-in-use", "weak-password", "malformed-email"],
)
def test_bad_sign_up_explains_in_dutch_and_keeps_input(
    page, live_server, home_page, member, overrides, message
):
    fill_signup(page, live_server, **overrides)
    assert message in page.inner_text("main")
    email = overrides.get("email", "nieuw@example.org")
    assert page.input_value('main form input[name="email"]') == email
    assert page.input_value('main form input[name="display_name"]') == "Nieuw Lid"
    assert page.input_value('main form input[name="institution"]') == "Pabo Deltastad"
    assert page.input_value('main form input[name="password1"]') == ""
    assert mail.outbox == []
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/nl/bestaat-niet/", "nl", "Pagina niet gevonden"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_unknown_url_gets_friendly_404_in_the_visitors_language(
    page, live_server, home_page, path, language, heading
):
    response = page.goto(live_server.url + path)
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    assert page.inner_text("h1") == heading
    assert page.locator("nav.main-nav").count() == 1
