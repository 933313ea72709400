"""In Chromium: start a topic, quote a selection, mention, react, edit and read the diff, and
come back later to land on the first unread post."""

import re

import pytest

from community import actions
from community.models import Post, Topic
from tests.browser import LIVE_DB, axe_violations, format_violations, login

pytestmark = [pytest.mark.browser, LIVE_DB]


def test_discussion_flow_in_the_browser(page, live_server, bespreekpunt, member, other_member):
    login(page, live_server, member.email, "correct-horse-battery")
    page.goto(live_server.url + bespreekpunt.url)
    page.get_by_role("link", name="Start een onderwerp").click()
    page.get_by_label("Titel").fill("Leeruitkomsten en stage")
    page.get_by_label("Je bericht").fill("Wij toetsen de stage met drie leeruitkomsten.")
    page.get_by_role("button", name="Onderwerp starten").click()
    page.wait_for_url(re.compile(r"/leeruitkomsten-en-stage/"))
    topic = Topic.objects.get()
    assert axe_violations(page) == [], format_violations(axe_violations(page))

    # Quote a selection of post 1 into the reply, then mention a colleague.
    page.evaluate(
        """() => {
          const p = document.querySelector('#post-1 .post__body p');
          const range = document.createRange();
          range.selectNodeContents(p);
          const selection = document.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    page.get_by_role("button", name="Citeer selectie").click()
    reply = page.locator(".reply-box textarea[name=body]")
    assert reply.input_value().startswith("> Wij toetsen de stage")
    reply.press("End")
    reply.type("Mooi voorbeeld, @jer")
    page.get_by_role("option", name=re.compile("Jeroen Bakker")).wait_for()
    reply.press("Enter")
    assert "@jeroen " in reply.input_value()
    page.get_by_role("button", name="Reactie plaatsen").click()
    page.wait_for_url(re.compile(r"#post-2$"))
    second = page.locator("#post-2")
    assert second.locator("blockquote").count() == 1
    assert second.locator("a.mention").get_attribute("href") == "/nl/leden/jeroen/"

    # React to post 1.
    page.locator("#post-1 button.reaction").first.click()
    page.wait_for_load_state()
    assert page.locator("#post-1 button.reaction[aria-pressed=true]").count() == 1
    assert Post.objects.get(topic=topic, number=1).reaction_counts == {"thumbsup": 1}

    # Edit post 2 and read the word diff.
    page.locator("#post-2").get_by_role("link", name="Bewerk").click()
    body = page.get_by_label("Je reactie")
    body.fill(body.input_value().replace("Mooi voorbeeld", "Heel mooi voorbeeld"))
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.locator("#post-2").get_by_role("link", name="bewerkt").click()
    assert page.locator("ins").first.inner_text().strip().startswith("Heel")

    # Later: a colleague replies twice; opening the topic lands on the first unread post.
    page.goto(live_server.url + topic.get_absolute_url())
    actions.check_create_post(other_member, topic, body="Nieuw antwoord drie")
    actions.check_create_post(other_member, topic, body="Nieuw antwoord vier")
    page.goto(live_server.url + topic.get_absolute_url())
    assert page.url.endswith("#post-3")
    assert page.locator("#post-3.post--unread").count() == 1
