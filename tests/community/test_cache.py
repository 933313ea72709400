"""Anonymous readers get cached pages, and never a stale one after any write."""

import pytest

from community import actions


@pytest.fixture
def reader(client):
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Community-Cache")


def test_second_anonymous_visit_is_served_from_cache(reader, topic):
    url = topic.get_absolute_url()
    assert _html(reader, url)[1] is None
    assert _html(reader, url)[1] == "hit"


@pytest.mark.parametrize("change", ["post", "edit", "delete", "reaction", "hide", "insight"])
def test_no_stale_page_after_any_write(
    reader, topic, member, other_member, moderator, change, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url()
    list_url = topic.bespreekpunt.url
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.check_create_post(other_member, topic, body="Origineel antwoord")
    for page_url in (url, list_url):
        _html(reader, page_url)
        assert _html(reader, page_url)[1] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        expected = _write(change, topic, reply, member, other_member, moderator)
    html, cache_state = _html(reader, url)
    assert cache_state is None and expected in html
    if change in ("post", "insight"):
        html, cache_state = _html(reader, list_url)
        assert cache_state is None
        assert ("2 reacties" in html or "2</td>" in html) if change == "post" else expected in html


def _write(change, topic, reply, member, other_member, moderator) -> str:
    """Does the write and returns what the fresh page must show."""
    if change == "post":
        actions.check_create_post(member, topic, body="Gloednieuw bericht")
        return "Gloednieuw bericht"
    if change == "edit":
        actions.check_edit_post(other_member, reply, body="Bijgewerkt antwoord")
        return "Bijgewerkt antwoord"
    if change == "delete":
        actions.check_delete_post(other_member, reply)
        return "post__placeholder"
    if change == "reaction":
        actions.check_react(member, reply, "bulb")
        return "Marieke de Vries"  # the reactor's name is listed on the post
    if change == "hide":
        actions.check_hide_post(moderator, reply)
        return "post__placeholder"
    actions.check_mark_key_insight(member, reply)
    return 'id="insights-title"'


def test_members_are_never_served_the_anonymous_copy(client, topic, member):
    url = topic.get_absolute_url()
    client.get(url)
    client.force_login(member)
    html, cache_state = _html(client, url + "?page=1")
    assert cache_state is None and 'name="body"' in html


def test_cache_token_survives_eviction_without_reviving_old_pages(reader, topic, other_member):
    from django.core.cache import cache

    from community.cache import SITE_TOKEN_KEY

    url = topic.get_absolute_url()
    _html(reader, url)
    cache.delete(SITE_TOKEN_KEY)  # evicted: a new random token must not match the old entry
    assert _html(reader, url)[1] is None
    assert _html(reader, url)[1] == "hit"


def test_a_visitor_gets_no_cookie_so_the_topic_page_is_cached(client, topic):
    url = topic.get_absolute_url()
    first = client.get(url)
    assert "csrftoken" not in first.cookies
    assert 'name="csrfmiddlewaretoken"' not in first.content.decode()


def test_very_long_addresses_are_cached_under_a_short_key(reader, topic):
    """A path of any length is a valid cache key: hashed, so no backend warns or refuses it."""
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    url = topic.get_absolute_url() + "?utm_source=" + "x" * 400
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert _html(reader, url)[1] is None
        assert _html(reader, url)[1] == "hit"
        # A very long host name (any passes ALLOWED_HOSTS in tests) names the site lookup too.
        response = reader.get(url, HTTP_HOST="a" * 300 + ".example.org")
    assert response.status_code in (200, 404)
    assert _html(reader, topic.get_absolute_url())[1] is None
