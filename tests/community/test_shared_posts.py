"""A topic page's posts are rendered once for every reader (community.post_list) and each reader's
part is laid over them (community.overlay): never a stale post, never another reader's state,
and exactly the controls each reader may use, checked on the HTML a browser without JavaScript
gets."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from community import actions
from community.notifications import check_set_watch_level, mark_notifications_read
from community.templatetags import community_posts
from community.templatetags.community_posts import MARKER
from community.views.context import ACTION_WORDS
from tests.community.test_cache import _write
from tests.community.test_views import _fill
from tests.factories import make_member

CONTROLS = ["edit", "delete", "bookmark", "key-insight", "hide", "flag", "poll", "react"]


def _view(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert MARKER not in html and "slot" + MARKER[4:8] not in html
    return html


def _post(html: str, number: int) -> str:
    start = html.index(f'id="post-{number}"')
    return html[start : html.index("</li>", start)]


def controls(html: str, topic, number: int) -> set[str]:
    """The controls a reader is offered on post `number`: links and forms to its actions."""
    post = _post(html, number)
    with translation.override("nl"):
        words = {name: str(ACTION_WORDS[name]) for name in CONTROLS}
    url = f"{topic.get_absolute_url()}{number}/"
    found = {name for name in CONTROLS if f'"{url}{words[name]}/"' in post}
    if f"?to={number}" in post:
        found.add("reply")
    return found


@pytest.fixture
def url(topic):
    return topic.get_absolute_url() + "?page=1"


@pytest.fixture
def reader(client, other_member):
    client.force_login(other_member)
    return client


def test_the_post_list_is_rendered_once_for_all_readers(
    topic, url, member, other_member, moderator
):
    _fill(topic, [member, other_member], 60)
    first = Client()
    first.force_login(member)
    _view(first, url)
    # Forget this process's renderings of single posts: the next readers must get the page's
    # shared rendering from the cache, rendering no post at all.
    community_posts.clear()
    for user in (other_member, moderator, None):
        client = Client()
        if user is not None:
            client.force_login(user)
        _view(client, url)
        assert community_posts.size() == 0


def test_queries_per_member_request_are_few_and_constant_in_posts(
    topic, url, member, other_member, reader
):
    def count() -> int:
        _view(reader, url)
        with CaptureQueriesContext(connection) as captured:
            _view(reader, url)
        return len(captured)

    _fill(topic, [member, other_member], 5)
    small = count()
    _fill(topic, [member, other_member], 50)
    assert count() == small <= 10


@pytest.mark.parametrize("change", ["post", "edit", "delete", "reaction", "hide", "insight"])
def test_no_stale_post_after_any_write_in_the_topic(
    reader, url, topic, member, other_member, moderator, change, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.check_create_post(other_member, topic, body="Origineel antwoord")
    _view(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        expected = _write(change, topic, reply, member, other_member, moderator)
    assert expected in _view(reader, url)
    assert expected in _view(Client(), url)


def test_the_readers_own_changes_show_at_once(
    reader, url, topic, other_member, django_capture_on_commit_callbacks
):
    post = topic.posts.get(number=1)
    _view(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_toggle_bookmark(other_member, post, add=True)
    assert "Niet meer bewaren" in _post(_view(reader, url), 1)
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_draft(other_member, f"reply:{topic.pk}", body="Half af concept")
        check_set_watch_level(other_member, level=3, topic=topic)
    html = _view(reader, url)
    assert "Half af concept" in html and 'value="3" selected' in html


def test_the_notification_badge_is_never_stale(
    reader, url, topic, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_create_post(member, topic, body="Wat vind jij, @jeroen?")
    html = _view(reader, url)
    assert 'data-live-notifications data-live-url="/ws/nl/community/me/">1</span>' in html
    mark_notifications_read(other_member)
    assert 'data-live-url="/ws/nl/community/me/" hidden>0</span>' in _view(reader, url)


def test_a_renamed_author_and_a_published_page_change_are_shown(
    reader, url, topic, member, django_capture_on_commit_callbacks
):
    _view(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_update_profile(member, member.profile, display_name="Anna Nieuwenaam")
    assert "Anna Nieuwenaam" in _view(reader, url)
    page = Page.objects.get(pk=topic.bespreekpunt_id).specific
    page.title = "Leeruitkomsten, herzien"
    page.save_revision().publish()
    assert "Leeruitkomsten, herzien" in _view(reader, url)


def test_each_reader_is_offered_exactly_the_controls_they_may_use(
    topic, url, member, other_member, moderator, django_capture_on_commit_callbacks
):
    """member started the topic and wrote #1; other_member wrote #2; a new member's #3 waits
    for approval. Pages in this order, so every later reader gets the shared rendering."""
    newcomer = make_member("nieuweling", display_name="Nina Nieuw", trust_level=0)
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.check_create_post(other_member, topic, body="Tweede bericht")
        actions.do_react(member, second, "thumbsup", add=True)
        actions.do_create_post(newcomer, topic, body="Wacht op goedkeuring", pending=True)
    pages = {}
    for name, user in [
        ("anonymous", None),
        ("author", member),
        ("other", other_member),
        ("moderator", moderator),
        ("newcomer", newcomer),
    ]:
        client = Client()
        if user is not None:
            client.force_login(user)
        pages[name] = _view(client, url)
    everyone = {"reply", "bookmark", "react"}
    assert controls(pages["anonymous"], topic, 1) == controls(pages["anonymous"], topic, 2) == set()
    assert (
        "csrfmiddlewaretoken" not in pages["anonymous"].split('class="posts"')[1].split("</ol>")[0]
    )
    assert controls(pages["author"], topic, 1) == everyone | {
        "edit",
        "delete",
        "key-insight",
        "poll",
    }
    assert controls(pages["author"], topic, 2) == everyone | {"key-insight", "flag"}
    assert controls(pages["other"], topic, 1) == everyone | {"flag"}
    assert controls(pages["other"], topic, 2) == everyone | {"edit", "delete", "poll"}
    for number in (1, 2):
        assert controls(pages["moderator"], topic, number) == everyone | {
            "edit",
            "key-insight",
            "hide",
            "flag",
            "poll",
        }
    assert controls(pages["newcomer"], topic, 2) == everyone | {"flag"}
    # The pending post: only its author and moderators see it; its author may edit or delete it.
    for name in ("anonymous", "author", "other"):
        assert "Wacht op goedkeuring" not in pages[name]
    assert "Wacht op goedkeuring" in _post(pages["moderator"], 3)
    assert controls(pages["newcomer"], topic, 3) == {"reply", "bookmark", "edit", "delete"}
    # Reactions pressed for the one who gave them only.
    assert 'reaction reaction--mine" aria-pressed="true"' in _post(pages["author"], 2)
    assert "reaction--mine" not in _post(pages["other"], 2)
    assert "reaction--mine" not in pages["moderator"]
    # Nobody sees a post unread that they have read; each their own marker.
    assert "post--unread" not in pages["anonymous"]


def test_moderators_and_pending_messages_get_their_page(reader, url, topic, other_member):
    _view(reader, url)
    response = reader.post(topic.bespreekpunt.url + "alles-gelezen/", follow=False)
    assert response.status_code == 302
    assert "gelezen" in _view(reader, url)
    other_member.groups.add(Group.objects.get(name="Moderators"))
    assert "/verbergen/" in _view(reader, url)


def test_forms_on_the_shared_rendering_pass_the_csrf_check(topic, url, other_member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(other_member)
    _view(browser, url)
    html = _view(browser, url)
    token = _post(html, 1).split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        topic.get_absolute_url() + "1/" + "bladwijzer/",
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.status_code
    assert "Niet meer bewaren" in _post(_view(browser, url), 1)


def test_a_reply_draft_shows_in_its_authors_reply_box_alone(reader, url, topic, member):
    other = Client()
    other.force_login(member)
    actions.save_draft(member, f"reply:{topic.pk}", body="Mijn half afgemaakte <gedachte>")
    mine = _view(other, url)
    assert "Mijn half afgemaakte &lt;gedachte&gt;</textarea>" in mine
    theirs = _view(reader, url)
    assert 'name="body"' in theirs and "half afgemaakte" not in theirs
