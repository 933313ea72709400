"""Two members in one topic in Chromium, against a uvicorn server (the live server is WSGI)."""

import re

import pytest
from playwright.sync_api import expect

from tests.community.test_realtime_processes import server_env, site_in, start_server, stop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def numbers(page) -> list[int]:
    return page.eval_on_selector_all(
        "ol[data-live-topic] > li[data-number]", "items => items.map(li => +li.dataset.number)"
    )


def reply(page, text: str) -> None:
    page.fill("textarea[name=body]", text)
    with page.expect_navigation():
        page.click(".reply-box button[type=submit]")
    page.wait_for_selector("ol[data-live-topic][data-live-state=open]")


def test_two_members_see_each_other_live_and_catch_up_after_going_offline(browser, tmp_path):
    env = server_env(tmp_path, with_redis=False)
    site = site_in(env)
    server, port = start_server(env, tmp_path)
    base = f"http://127.0.0.1:{port}"
    pages = []
    try:
        for session in site["sessions"]:
            context = browser.new_context(locale="nl-NL")
            context.set_default_timeout(15_000)
            context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
            page = context.new_page()
            page.goto(base + site["url"])
            page.wait_for_selector("ol[data-live-topic][data-live-state=open]")
            pages.append(page)
        marieke, jeroen = pages

        reply(marieke, "Live vanuit de eerste browser")
        jeroen.wait_for_selector("#post-2 >> text=Live vanuit de eerste browser")
        assert jeroen.get_attribute("[data-live-region]", "aria-live") == "polite"
        # Waited for with locators: a string predicate is evaluated in the page, which the
        # site's Content-Security-Policy (no 'unsafe-eval') refuses once it has to poll.
        expect(jeroen.locator("[data-live-region]")).to_contain_text("Marieke", timeout=15_000)
        jeroen.wait_for_selector("[data-live-presence] >> text=Marieke de Vries")

        with jeroen.expect_navigation():
            jeroen.click("#post-1 .reactions button >> nth=0")
        expect(marieke.locator("#post-1 .reactions button").first).to_have_text(
            re.compile(r"1$"), timeout=15_000
        )

        jeroen.context.set_offline(True)
        jeroen.evaluate("window.communityLive.close()")
        jeroen.wait_for_selector("ol[data-live-topic][data-live-state=closed]")
        for n in range(3):
            reply(marieke, f"Terwijl Jeroen offline was {n}")
        assert numbers(jeroen) == [1, 2]
        jeroen.context.set_offline(False)
        jeroen.wait_for_selector("#post-5", timeout=20_000)
        assert numbers(jeroen) == [1, 2, 3, 4, 5]
        assert "offline was 2" in jeroen.inner_text("#post-5")
    finally:
        for page in pages:
            page.context.close()
        stop(server)
