"""A member's repeat view of a topic page comes from their own copy, and never a stale one."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from community import actions
from community.models import Post
from community.notifications import check_set_watch_level, mark_notifications_read
from tests.community.test_cache import _write

HIT = "member-hit"


def _view(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Community-Cache")


@pytest.fixture
def reader(client, other_member):
    client.force_login(other_member)
    return client


def _cached(reader, url):
    """Views the page until the member's copy is kept (the first view learns the route and sets
    the CSRF cookie), and checks the next view is served from it."""
    for _ in range(3):
        _view(reader, url)
    html, state = _view(reader, url)
    assert state == HIT
    return html


def test_a_members_repeat_view_is_served_from_their_copy(reader, topic, django_assert_num_queries):
    url = topic.get_absolute_url() + "?page=1"
    first, state = _view(reader, url)
    assert state is None
    html = _cached(reader, url)
    assert html == _view(reader, url)[0] and 'name="body"' in html
    # Session, user and the member's own inputs: no routing, no thread, no rendering.
    with django_assert_num_queries(3):
        assert _view(reader, url)[1] == HIT


@pytest.mark.parametrize("change", ["post", "edit", "delete", "reaction", "hide", "insight"])
def test_no_stale_copy_after_any_write_in_the_topic(
    reader, topic, member, other_member, moderator, change, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url() + "?page=1"
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.check_create_post(other_member, topic, body="Origineel antwoord")
    _cached(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        expected = _write(change, topic, reply, member, other_member, moderator)
    html, state = _view(reader, url)
    assert state is None and expected in html


def test_no_stale_copy_after_the_members_own_changes(
    reader, topic, other_member, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url() + "?page=1"
    post = topic.posts.get(number=1)

    def changed(change, expected):
        _cached(reader, url)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        html, state = _view(reader, url)
        assert state is None, change
        assert expected(html), change

    changed(
        lambda: actions.check_toggle_bookmark(other_member, post, add=True),
        lambda html: 'aria-pressed="true"' in html or "Bladwijzer verwijderen" in html,
    )
    changed(
        lambda: actions.save_draft(other_member, f"reply:{topic.pk}", body="Half af concept"),
        lambda html: "Half af concept" in html,
    )
    changed(
        lambda: check_set_watch_level(other_member, level=3, topic=topic),
        lambda html: 'value="3" selected' in html,
    )


def test_the_notification_badge_is_never_stale(
    reader, topic, member, other_member, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url() + "?page=1"
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_create_post(member, topic, body="Wat vind jij, @jeroen?")
    html = _cached(reader, url)
    assert 'data-live-notifications data-live-url="/ws/nl/community/me/">1</span>' in html
    # Reading the notifications elsewhere is no write in the topic; the badge must still go.
    mark_notifications_read(other_member)
    html, state = _view(reader, url)
    assert state is None
    assert 'data-live-url="/ws/nl/community/me/" hidden>0</span>' in html


def test_a_renamed_author_is_shown_with_the_new_name(
    reader, client, topic, member, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url() + "?page=1"
    _cached(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_update_profile(member, member.profile, display_name="Anna Nieuwenaam")
    html, state = _view(reader, url)
    assert state is None and "Anna Nieuwenaam" in html


def test_a_published_page_change_is_shown(reader, topic, django_capture_on_commit_callbacks):
    url = topic.get_absolute_url() + "?page=1"
    _cached(reader, url)
    page = Page.objects.get(pk=topic.bespreekpunt_id).specific
    page.title = "Leeruitkomsten, herzien"
    page.save_revision().publish()
    html, state = _view(reader, url)
    assert state is None and "Leeruitkomsten, herzien" in html


def test_members_never_get_each_others_copy(client, topic, member, other_member):
    url = topic.get_absolute_url() + "?page=1"
    client.force_login(other_member)
    _cached(client, url)
    client.force_login(member)
    assert _view(client, url)[1] is None


def test_moderators_and_pending_messages_are_not_served_copies(
    reader, topic, other_member, moderator
):
    url = topic.get_absolute_url() + "?page=1"
    _cached(reader, url)
    # Marking read with a message: the next page must show it.
    response = reader.post(topic.bespreekpunt.url + "alles-gelezen/", follow=False)
    assert response.status_code == 302
    html, state = _view(reader, url)
    assert state is None and "gelezen" in html
    other_member.groups.add(Group.objects.get(name="Moderators"))
    for _ in range(4):
        assert _view(reader, url)[1] is None


def test_a_members_pending_post_shows_in_their_own_copy(
    reader, topic, other_member, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url() + "?page=1"
    _cached(reader, url)
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.do_create_post(
            other_member, topic, body="Wacht op goedkeuring", pending=True
        )
    assert Post.objects.get(pk=post.pk).is_pending
    html, state = _view(reader, url)
    assert "Wacht op goedkeuring" in html


def test_forms_on_a_served_copy_still_pass_the_csrf_check(topic, other_member):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(other_member)
    url = topic.get_absolute_url() + "?page=1"
    html = _cached(browser, url)
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        topic.get_absolute_url() + "reageren/",
        {"body": "Vanaf een bewaarde pagina", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "Vanaf een bewaarde pagina" in _view(browser, url)[0]
