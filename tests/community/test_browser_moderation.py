"""In Chromium: a member flags a post, a moderator hides it from the review queue in the Wagtail
admin, a reader no longer sees its text and its author sees why."""

import re

import pytest
from django.urls import reverse

from community import actions
from community.models import Flag, ModerationAction
from tests.browser import LIVE_DB, axe_violations, format_violations, live_url, login

pytestmark = [pytest.mark.browser, LIVE_DB]

PASSWORD = "correct-horse-battery"  # noqa: S105 - the factories' test password


def test_flag_review_and_hide_in_the_browser(
    page, live_server, topic, member, other_member, moderator
):
    reply = actions.check_create_post(other_member, topic, body="Koop nu mijn cursus bij ons!")
    topic_url = live_server.url + topic.get_absolute_url()

    # A member flags the reply.
    login(page, live_server, member.email, PASSWORD)
    page.goto(f"{topic_url}?page=1")
    page.locator("#post-2").get_by_role("link", name="Rapporteer").click()
    assert page.get_by_role("heading", name="Bericht #2 rapporteren").is_visible()
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Rapportage versturen").click()
    page.wait_for_url(re.compile(r"#post-2$"))
    assert "Een moderator gaat naar dit bericht kijken" in page.inner_text("main")
    assert Flag.objects.get().user == member

    # A moderator hides it from the review queue in the Wagtail admin.
    page.context.clear_cookies()
    login(page, live_server, moderator.email, PASSWORD)
    page.goto(live_server.url + reverse("community_moderation_queue"))
    item = page.locator(f"[data-queue-post='{reply.pk}']")
    assert "Koop nu mijn cursus" in item.inner_text()
    assert "Spam" in item.inner_text() and "Marieke de Vries" in item.inner_text()
    item.get_by_label(re.compile("Reden")).fill("Reclame hoort hier niet.")
    item.get_by_role("button", name="Verberg").click()
    page.wait_for_load_state()
    assert "Het bericht is verborgen" in page.inner_text("body")
    assert page.locator(f"[data-queue-post='{reply.pk}']").count() == 0
    assert ModerationAction.objects.get().kind == "hide"

    # A reader no longer sees the text.
    page.context.clear_cookies()
    page.goto(f"{topic_url}?page=1")
    assert "Koop nu mijn cursus" not in page.inner_text("main")
    assert "verborgen door een moderator" in page.locator("#post-2").inner_text()

    # Its author sees the notice on the post and, with the reason, among their notifications.
    login(page, live_server, other_member.email, PASSWORD)
    page.goto(f"{topic_url}?page=1")
    assert "verborgen door een moderator" in page.locator("#post-2").inner_text()
    page.goto(live_url(live_server, "community:notifications"))
    assert "Reclame hoort hier niet." in page.inner_text("main")
