"""In Chromium: search, suggestions while typing, filter, open a result at its passage, and
axe-core (WCAG 2.1 AA) on the results page."""

import pytest

from tests.browser import LIVE_DB, axe_violations, format_violations, live_url

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_search_filter_and_open_a_result_at_its_passage(page, live_server, corpus):
    page.goto(live_url(live_server, "search:search"))
    box = page.get_by_role("combobox", name="Zoek naar")
    box.press_sequentially("leeruitk", delay=40)
    suggestions = page.get_by_role("listbox")
    suggestions.get_by_role("option", name="Leeruitkomsten").first.wait_for()
    box.press("Escape")
    box.fill("leeruitkomsten")
    with page.expect_navigation():
        box.press("Enter")
    results = page.locator(".search-hit")
    assert results.count() >= 5
    assert page.locator(".search-hit mark").first.inner_text().lower() == "leeruitkomsten"
    assert format_violations(axe_violations(page)) == ""

    page.get_by_label("Soort").select_option("manifest")
    with page.expect_navigation():
        page.get_by_role("button", name="Filters toepassen").click()
    assert page.locator(".search-hit").count() == 1
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Flexibel opleiden van leraren: Werken met leeruitkomsten"
        ).click()
    assert page.url.endswith("#leeruitkomsten")
    section = page.locator("#leeruitkomsten")
    assert section.is_visible()
    top = section.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]


def test_choosing_a_suggestion_with_the_keyboard_opens_it(page, live_server, corpus):
    page.goto(live_url(live_server, "search:search"))
    box = page.get_by_role("combobox", name="Zoek naar")
    box.press_sequentially("biografisch", delay=40)
    page.get_by_role("option", name="Biografisch coachen").wait_for()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "search-suggestion-0"
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.startswith(f"{live_server.url}{corpus.pages['art_coach'].url}")


def test_without_javascript_the_form_still_searches(browser, live_server, corpus):
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(live_url(live_server, "search:search", query="q=zij-instromers&type=article"))
    assert "Zij-instromers begeleiden" in plain.inner_text("main")
    context.close()
