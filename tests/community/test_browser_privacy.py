"""In Chromium: a member downloads their data, then deletes their account."""

import json
from pathlib import Path

import pytest

from community import actions
from tests.browser import LIVE_DB, axe_violations, format_violations, live_url, login

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_download_data_then_delete_account(page, live_server, bespreekpunt, member, other_member):
    topic = actions.check_create_topic(member, bespreekpunt, title="Stagebegeleiding", body="Vraag")
    actions.check_create_post(other_member, topic, body="Een antwoord van Jeroen.")
    login(page, live_server, member.email, "correct-horse-battery")

    page.goto(live_url(live_server, "community:profile_edit"))
    page.get_by_role("link", name="Mijn gegevens: downloaden of mijn account verwijderen").click()
    page.get_by_role("heading", name="Mijn gegevens", level=1).wait_for()
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    with page.expect_download() as download:
        page.get_by_role("button", name="Mijn gegevens downloaden").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == member.email
    assert data["community.topic"][0]["title"] == "Stagebegeleiding"

    page.get_by_role("link", name="Mijn account verwijderen").click()
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    field = page.get_by_label("Je e-mailadres of wachtwoord")
    field.fill("niet mijn wachtwoord")
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    assert page.get_by_text("Je account is niet verwijderd.").is_visible()
    assert page.get_by_text("noch je e-mailadres noch je wachtwoord", exact=False).is_visible()

    page.get_by_label("Je e-mailadres of wachtwoord").fill("correct-horse-battery")
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    page.get_by_role("heading", name="Je account is verwijderd").wait_for()
    assert not any(cookie["name"] == "sessionid" for cookie in page.context.cookies())

    page.goto(live_server.url + topic.get_absolute_url())
    authors = page.locator(".post__author").all_inner_texts()
    assert authors == ["verwijderd lid", "Jeroen Bakker"]
