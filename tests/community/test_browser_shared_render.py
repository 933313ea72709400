"""In Chromium, two members on one topic page: the post list is rendered once and shared
(community.post_list), yet each member sees their own reactions, bookmark and controls
(community.overlay), with JavaScript on for one and off for the other."""

import pytest

from community import actions
from community.models import Post
from community.templatetags import community_posts
from tests.browser import LIVE_DB, axe_violations, format_violations, login

pytestmark = [pytest.mark.browser, LIVE_DB]


def footer_links(page, number: int) -> list[str]:
    return page.locator(f"#post-{number} .post__actions a").all_inner_texts()


def pressed(page, number: int) -> list[str]:
    """The titles of the reactions this reader has pressed on a post."""
    buttons = page.locator(f"#post-{number} .reactions button[aria-pressed=true]")
    return [title.split(":")[0] for title in buttons.evaluate_all("bs => bs.map(b => b.title)")]


def test_two_members_see_their_own_part_of_one_shared_page(
    browser, live_server, topic, member, other_member
):
    actions.check_create_post(other_member, topic, body="Wij werken met portfolio's.")
    url = live_server.url + topic.get_absolute_url()
    pages = {}
    for user, javascript in ((member, True), (other_member, False)):
        context = browser.new_context(locale="nl-NL", java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, live_server, user.email, "correct-horse-battery")
        pages[user.username] = page
    marieke, jeroen = pages["marieke"], pages["jeroen"]
    try:
        # Each reacts to the other's post and bookmarks it, by submitting the forms.
        marieke.goto(url)
        marieke.locator("#post-2 button.reaction[title^=Eens]").click()
        marieke.wait_for_load_state()
        marieke.goto(url)
        marieke.locator("#post-2 .post__actions button", has_text="Bewaren").click()
        marieke.wait_for_load_state()
        jeroen.goto(url)
        jeroen.locator("#post-1 button.reaction[title^=Waardering]").click()
        jeroen.wait_for_load_state()

        marieke.goto(url)
        rendered = community_posts.size()
        jeroen.goto(url)
        # The second reader's page is laid over the first one's render: no post rendered anew.
        assert community_posts.size() == rendered

        assert pressed(marieke, 1) == [] and pressed(marieke, 2) == ["Eens"]
        assert pressed(jeroen, 1) == ["Waardering"] and pressed(jeroen, 2) == []
        # Both see both reactions counted, with who gave them.
        for page in (marieke, jeroen):
            first = page.locator("#post-1 .reactions").inner_text()
            assert "Waardering\n1\n(Jeroen Bakker)" in first and "Eens\n0" in first
            assert "Eens\n1\n(Marieke de Vries)" in page.locator("#post-2 .reactions").inner_text()

        # Edit and delete only on one's own post; reply, quote and flag on the other's.
        assert footer_links(marieke, 1)[:4] == ["Reageer", "Citeer", "Bewerk", "Verwijder"]
        assert "Bewerk" not in footer_links(marieke, 2) and "Rapporteer" in footer_links(marieke, 2)
        assert "Bewerk" in footer_links(jeroen, 2) and "Bewerk" not in footer_links(jeroen, 1)
        assert "Rapporteer" not in footer_links(jeroen, 2)

        # The bookmark is Marieke's alone.
        bookmark = "#post-2 .post__actions button[aria-pressed]"
        assert marieke.get_attribute(bookmark, "aria-pressed") == "true"
        assert jeroen.get_attribute(bookmark, "aria-pressed") == "false"
        assert Post.objects.get(topic=topic, number=2).reaction_counts == {"thumbsup": 1}

        # Without JavaScript the reader's part is already in the HTML; it passes axe-core.
        marieke.goto(url)
        assert axe_violations(marieke) == [], format_violations(axe_violations(marieke))
    finally:
        for page in pages.values():
            page.context.close()
