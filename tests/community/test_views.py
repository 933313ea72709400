"""What members and visitors see and do through the pages, without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import actions
from community.cache import invalidate
from community.models import Draft, Post, Topic


def _html(response) -> str:
    return response.content.decode()


def _fill(topic, authors, count):
    for n in range(count - topic.post_count):
        post = actions.do_create_post(authors[n % 2], topic, body=f"Bericht **{n}** @marieke")
        actions.do_react(authors[(n + 1) % 2], post, "heart", add=True)
        if n % 3 == 0:
            actions.do_react(authors[n % 2], post, "bulb", add=True)


def _queries(client, url, bespreekpunt_id) -> int:
    """Queries of a full render in steady state: warmed up, anonymous page cache made stale."""
    for _warm_up in range(2):  # full renders: the first may create the site settings row
        invalidate(bespreekpunt_id)
        client.get(url)
    invalidate(bespreekpunt_id)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, follow=False)
    assert response.status_code == 200, response.status_code
    return len(captured)


@pytest.mark.parametrize("logged_in", [False, True])
def test_topic_and_bespreekpunt_pages_use_fixed_queries(
    client, topic, member, other_member, make_topic, logged_in
):
    if logged_in:
        client.force_login(other_member)
    page_url = topic.bespreekpunt.url
    url = f"{topic.get_absolute_url()}?page=1"
    _fill(topic, [member, other_member], 10)
    bp = topic.bespreekpunt_id
    small = (_queries(client, url, bp), _queries(client, page_url, bp))
    _fill(topic, [member, other_member], 100)
    for n in range(10):
        make_topic(title=f"Onderwerp {n}")
    large = (_queries(client, url, bp), _queries(client, page_url, bp))
    assert small == large
    # Community's own share is 1 query on the topic page and 2 on the bespreekpunt page; the
    # rest is Wagtail routing (6) and, logged in, the session and user (2) and the
    # notification badge. The site shell (navigation, language links, settings) is cached.
    assert max(large) <= (12 if logged_in else 8), large


def test_anonymous_reads_topic_and_sees_login_link(client, topic):
    html = _html(client.get(topic.get_absolute_url()))
    assert "Leeruitkomsten in de pabo" in html and "<strong>formuleren</strong>" in html
    assert "Log in to reply" in html or "Log in om te reageren" in html
    assert 'name="body"' not in html


def test_member_starts_topic_through_the_form(client, bespreekpunt, member):
    client.force_login(member)
    new_url = bespreekpunt.url + bespreekpunt.reverse_subpage("new_topic")
    assert new_url.endswith("/nieuw/")
    response = client.post(
        new_url,
        {"title": "Stage en leeruitkomsten", "body": "Wie *doet* mee?", "tags": "stage, po"},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert sorted(topic.tags.names()) == ["po", "stage"]


@pytest.mark.parametrize(
    "data",
    [
        {"title": "   ", "body": "Mijn lange verhaal"},
        {"title": "Titel", "body": "x" * 100_000},
        {"title": "Titel", "body": "kapot \ufffd teken"},
    ],
)
def test_bad_topic_input_keeps_text_in_form_and_draft(client, bespreekpunt, member, data):
    client.force_login(member)
    new_url = bespreekpunt.url + bespreekpunt.reverse_subpage("new_topic")
    response = client.post(new_url, data)
    assert response.status_code == 400
    html = _html(response)
    assert 'class="errorlist' in html
    assert data["body"][:50] in html
    assert not Topic.objects.exists()
    assert Draft.objects.get(user=member).body == data["body"]


def test_invalid_utf8_is_refused_with_message(client, topic, other_member):
    client.force_login(other_member)
    reply_url = topic.get_absolute_url() + "reageren/"
    response = client.post(
        reply_url,
        b"body=ok%FF%FEtekst",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "could not be read" in _html(response) or "niet gelezen" in _html(response)
    assert Post.objects.count() == 1


def test_reply_to_missing_topic_keeps_text(client, bespreekpunt, member):
    client.force_login(member)
    url = bespreekpunt.url + "bestaat-niet/reageren/"
    response = client.post(url, {"body": "Mijn zorgvuldige antwoord"})
    assert response.status_code == 404
    assert "Mijn zorgvuldige antwoord" in _html(response)


def test_empty_reply_keeps_form_and_closed_topic_refuses(client, topic, other_member):
    client.force_login(other_member)
    reply_url = topic.get_absolute_url() + "reageren/"
    assert client.post(reply_url, {"body": ""}).status_code == 400
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    response = client.post(reply_url, {"body": "Toch nog iets"})
    assert response.status_code == 400
    assert "closed" in _html(response) or "gesloten" in _html(response)
    assert "Toch nog iets" in _html(response)
    assert Post.objects.count() == 1


def test_quote_reply_react_edit_history_delete(client, topic, member, other_member):
    client.force_login(other_member)
    base = topic.get_absolute_url()
    form = _html(client.get(base + "reageren/?quote=1"))
    assert "&gt; Hoe **formuleren** jullie leeruitkomsten?" in form
    assert f"[@marieke, #1]({base}1/)" in form
    body = f"> Hoe formuleren\n>\n> — [@marieke, #1]({base}1/)\n\nZo doen wij het."
    response = client.post(base + "reageren/", {"body": body, "reply_to": "1"})
    assert response.status_code == 302 and response["Location"] == f"{base}2/"
    assert client.get(f"{base}2/")["Location"] == f"{base}?page=1#post-2"
    reply = Post.objects.get(number=2)
    assert "<blockquote>" in reply.html and f'href="{base}1/"' in reply.html

    client.post(f"{base}1/reactie/", {"kind": "bulb"})
    assert Post.objects.get(number=1).reaction_counts == {"bulb": 1}
    response = client.post(f"{base}1/reactie/", {"kind": "poop"}, follow=True)
    assert "is not a reaction" in _html(response) or "geen reactie" in _html(response)

    client.post(f"{base}2/bewerken/", {"body": body.replace("Zo doen wij", "Zo doen wij het ook")})
    history = _html(client.get(f"{base}2/geschiedenis/"))
    assert "<ins>" in history and "ook" in history.split("<ins>", 1)[1].split("</ins>")[0]
    page = _html(client.get(f"{base}?page=1"))
    assert "bewerkt" in page or "edited" in page

    assert client.post(f"{base}1/bewerken/", {"body": "gekaapt"}).status_code == 403
    assert Post.objects.get(number=1).body != "gekaapt"

    client.post(f"{base}2/verwijderen/")
    page = _html(client.get(f"{base}?page=1"))
    assert "verwijderd" in page or "deleted" in page
    assert "Zo doen wij het ook" not in page


def test_coming_back_lands_on_first_unread_post(client, topic, member, other_member):
    client.force_login(other_member)
    base = topic.get_absolute_url()
    client.get(base)
    for n in range(3):
        actions.check_create_post(member, topic, body=f"Nieuw {n}")
    response = client.get(base)
    assert response.status_code == 302 and response["Location"] == f"{base}?page=1#post-2"
    client.get(response["Location"])
    assert client.get(base).status_code == 200


def test_topic_list_shows_unread_counts_and_mark_all_read(client, topic, member, other_member):
    client.force_login(other_member)
    client.get(topic.get_absolute_url())
    actions.check_create_post(member, topic, body="Nog een")
    html = _html(client.get(topic.bespreekpunt.url))
    assert "1 unread" in html or "1 ongelezen" in html
    client.post(topic.bespreekpunt.url + topic.bespreekpunt.reverse_subpage("mark_read"))
    html = _html(client.get(topic.bespreekpunt.url))
    assert "1 unread" not in html and "1 ongelezen" not in html


def test_long_topics_paginate_without_javascript(client, topic, member):
    for n in range(55):
        actions.do_create_post(member, topic, body=f"Bericht {n}")
    base = topic.get_absolute_url()
    first = _html(client.get(base + "?page=1"))
    second = _html(client.get(base + "?page=2"))
    assert 'id="post-50"' in first and 'id="post-51"' not in first
    assert 'id="post-56"' in second and f'href="{base}?page=1"' in second
    assert client.get(f"{base}53/")["Location"] == f"{base}?page=2#post-53"


def test_key_insights_show_on_topic_and_bespreekpunt(client, topic, member, other_member):
    reply = actions.check_create_post(other_member, topic, body="Het *kerninzicht* hier")
    actions.check_mark_key_insight(member, reply)
    for url in (topic.get_absolute_url(), topic.bespreekpunt.url):
        html = _html(client.get(url))
        assert 'id="insights-title"' in html and "<em>kerninzicht</em>" in html


def test_bookmarks_page_and_profile_lists(client, topic, member, other_member):
    reply = actions.check_create_post(other_member, topic, body="Bewaar dit")
    actions.check_toggle_bookmark(member, reply)
    client.force_login(member)
    html = _html(client.get("/nl/bladwijzers/"))
    assert "Bewaar dit" in html
    profile = _html(client.get("/nl/leden/jeroen/"))
    assert "Leeruitkomsten in de pabo #2" in profile


def test_english_page_shows_the_same_topics(client, topic, locales):
    page = topic.bespreekpunt
    english = page.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    response = client.get(english.url)
    assert "Leeruitkomsten in de pabo" in _html(response)
    html = _html(client.get(english.url + topic.slug + "/"))
    assert "<strong>formuleren</strong>" in html
