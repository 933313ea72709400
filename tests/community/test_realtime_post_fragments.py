"""Rendered posts kept once for all readers (community/templatetags/community_posts.py), with each
reader's part laid over them: what sockets and topic pages send is what a fresh rendering would
be, for each reader."""

import re

import pytest
from django.test import Client

from community import actions
from community.realtime.render import posts_for, render_posts
from community.templatetags import community_posts

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_fragments():
    community_posts.clear()
    yield
    community_posts.clear()


def render(topic, user, csrf_cookie="a" * 32, language="nl") -> str:
    posts = list(posts_for(user, topic))
    return "".join(
        html
        for _n, html in render_posts(
            topic, posts, language=language, user=user, csrf_cookie=csrf_cookie
        )
    )


def render_one(topic, user, *, number: int) -> str:
    posts = list(posts_for(user, topic).filter(number=number))
    [(_n, html)] = render_posts(topic, posts, language="nl", user=user, csrf_cookie="a" * 32)
    return html


def plain(topic, user, **kwargs) -> str:
    """A rendering with nothing kept: the template as it is."""
    keep = community_posts.MAX_FRAGMENTS
    community_posts.MAX_FRAGMENTS = 0
    try:
        return render(topic, user, **kwargs)
    finally:
        community_posts.MAX_FRAGMENTS = keep


def without_tokens(html: str) -> str:
    return CSRF_INPUT.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.django_db
def test_each_reader_gets_their_own_view_of_a_kept_post(topic, member, other_member, moderator):
    actions.check_create_post(other_member, topic, body="Een antwoord")
    actions.do_react(member, topic.posts.get(number=2), "thumbsup", add=True)
    readers = [other_member, member, moderator, None]
    for reader in readers:  # the author first, so their Edit/Delete links are kept first
        render(topic, reader)
    assert community_posts.size() > 0
    for reader in readers:
        kept = render(topic, reader)
        assert without_tokens(kept) == without_tokens(plain(topic, reader))
    author_view = render_one(topic, other_member, number=2)
    reader_view = render_one(topic, member, number=2)
    assert "/verwijderen/" in author_view and "/verwijderen/" not in reader_view
    assert 'reaction reaction--mine"' in reader_view and "reaction--mine" not in author_view
    assert community_posts.MARKER not in author_view + reader_view


@pytest.mark.django_db
def test_the_readers_own_csrf_token_goes_into_a_kept_post(topic, member, other_member):
    render(topic, other_member, csrf_cookie="b" * 32)
    html = render(topic, member, csrf_cookie="c" * 32)
    tokens = set(CSRF_INPUT.findall(html))
    assert tokens and community_posts.MARKER not in html
    from django.middleware.csrf import _unmask_cipher_token

    assert {_unmask_cipher_token(token) for token in tokens} == {"c" * 32}


@pytest.mark.django_db
def test_a_change_to_a_post_is_never_served_from_an_older_rendering(topic, member, other_member):
    post = actions.check_create_post(other_member, topic, body="Eerste versie")
    assert "Eerste versie" in render(topic, member)
    actions.check_edit_post(other_member, post, body="Tweede versie")
    actions.do_react(member, post, "heart", add=True)
    html = render(topic, member)
    assert "Tweede versie" in html and "Eerste versie" not in html
    assert without_tokens(html) == without_tokens(plain(topic, member))


@pytest.mark.django_db
def test_topic_page_for_a_member_is_the_plain_rendering(topic, member, other_member):
    actions.check_create_post(other_member, topic, body="Nog een antwoord")
    client = Client()
    client.force_login(member)
    url = topic.get_absolute_url() + "?page=1"
    first = client.get(url)
    assert first.status_code == 200
    keep = community_posts.MAX_FRAGMENTS
    community_posts.MAX_FRAGMENTS = 0
    try:
        fresh = client.get(url).content.decode()
    finally:
        community_posts.MAX_FRAGMENTS = keep
    kept = client.get(url).content.decode()
    assert without_tokens(kept) == without_tokens(fresh)
    assert "Nog een antwoord" in kept
