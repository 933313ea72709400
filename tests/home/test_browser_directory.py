"""In Chromium: a member finds a colleague in the member directory (vind elkaar)."""

import pytest

from community.actions import check_update_profile
from community.models import Profile
from tests.browser import LIVE_DB, axe_violations, format_violations, live_url, login
from tests.factories import make_member

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_find_a_colleague_at_a_partner_school(page, live_server, home_page, member):
    fatima = make_member("fatima", display_name="Fatima El Amrani", institution="Pabo Rijnland")
    check_update_profile(
        fatima,
        fatima.profile,
        partnership="Partnerschap Rijnland Opleidt",
        region="Zuid-Holland",
        role="institute",
        expertise=["zij-instroom", "opleidingsvarianten"],
        directory_listing=Profile.Listing.FULL,
    )
    hidden = make_member("nina", display_name="Nina Verbeek")
    check_update_profile(
        hidden, hidden.profile, expertise=["zij-instroom"], directory_listing="hidden"
    )
    make_member("bram", display_name="Bram Visser")

    page.goto(live_url(live_server, "member_directory"))
    page.locator("input[name=password]").wait_for()  # visitors get the login page
    login(page, live_server, member.email, "correct-horse-battery")

    page.goto(live_server.url + "/nl/")
    page.get_by_role("link", name="Vind elkaar").click()
    page.get_by_role("heading", name="Vind elkaar", level=1).wait_for()
    assert axe_violations(page) == [], format_violations(axe_violations(page))

    page.get_by_label("Partnerschap (opleidingsschool)").select_option(
        "Partnerschap Rijnland Opleidt"
    )
    page.get_by_label("Naam of expertise").fill("zij instroom")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("heading", name="1 lid").wait_for()
    card = page.locator(".directory-card")
    assert card.count() == 1
    assert "Fatima El Amrani" in card.inner_text() and "Zuid-Holland" in card.inner_text()
    assert "Nina" not in page.content()
    assert page.get_by_label("Naam of expertise").input_value() == "zij instroom"
    assert axe_violations(page) == [], format_violations(axe_violations(page))

    card.get_by_role("link", name="Fatima El Amrani").click()
    page.get_by_role("heading", name="Fatima El Amrani", level=1).wait_for()
    assert page.console_errors == []
