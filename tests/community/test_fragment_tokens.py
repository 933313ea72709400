"""What a topic page keeps under the cache tokens (community.cache, community.memo): after a
reaction it reads the page's reactions again and nothing else, after an edit its posts and
not the topic's row or polls, after a new post only the page it lands on; every other write
renews the rest too; a GET request reads a token once, and its own write again."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from community import actions, memo
from community import cache as community_cache
from community.decisions import check_add_poll
from tests.community.test_views import _fill


def _tables(client, url) -> str:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return "\n".join(query["sql"] for query in captured), response.content.decode()


def test_a_reaction_and_an_edit_make_a_page_read_only_what_they_changed(
    client, topic, member, other_member, django_capture_on_commit_callbacks
):
    reader = client
    reader.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        check_add_poll(
            member, topic.posts.get(number=1), question="Wanneer?", options=["Maandag", "Dinsdag"]
        )
    url = topic.get_absolute_url() + "?page=1"
    reader.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_react(member, topic.posts.get(number=1), "bulb")
    sql, html = _tables(reader, url)
    assert "Marieke de Vries" in html  # the reactor, listed on the post
    assert '"community_post"."reactors"' in sql
    # Neither the posts with their authors nor the topic and its poll are read again.
    assert '"community_profile"' not in sql
    assert '"community_topic"' not in sql and '"community_poll"' not in sql
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_edit_post(member, topic.posts.get(number=1), body="Een **bewerkte** vraag")
    sql, html = _tables(reader, url)
    assert "<strong>bewerkte</strong>" in html and "Wanneer?" in html
    # An edit renders the posts again, not the topic's row or its poll.
    assert '"community_profile"' in sql
    assert '"community_topic"' not in sql and '"community_poll"' not in sql
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_create_post(member, topic, body="Een nieuw bericht")
    sql, html = _tables(reader, url)
    assert "Een nieuw bericht" in html and "2 berichten" in html
    assert '"community_topic"' in sql and '"community_poll"' in sql
    assert '"community_profile"' in sql


def test_a_new_post_renders_only_the_page_it_lands_on_again(
    client, topic, member, other_member, django_capture_on_commit_callbacks
):
    _fill(topic, [member, other_member], 50)
    with django_capture_on_commit_callbacks(execute=True):
        check_add_poll(
            member, topic.posts.get(number=1), question="Wanneer?", options=["Maandag", "Dinsdag"]
        )
    client.force_login(other_member)
    first, second = (topic.get_absolute_url() + f"?page={n}" for n in (1, 2))
    client.get(first)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_create_post(member, topic, body="Het eerste bericht op pagina 2")
    sql, html = _tables(client, first)
    # Page 1 shows the new count and a link to page 2, from posts it does not read again.
    assert "51 berichten" in html and "?page=2" in html
    assert '"community_topic"' in sql and '"community_profile"' not in sql
    # Nor its poll: only the topic's row (which asks whether it holds one) is read again.
    assert "Wanneer?" in html and '"community_polloption"' not in sql
    sql, html = _tables(client, second)
    assert "Het eerste bericht op pagina 2" in html


def _as_request(rf, method: str, view):
    return memo.RequestMemoMiddleware(view)(getattr(rf, method)("/"))


def test_a_get_request_reads_a_token_once_and_its_own_write_again(rf):
    seen = []

    def view(request):
        first = community_cache.current_tokens(7)
        cache.set("community:anon:bp:7", "van een ander proces", None)
        seen.append(community_cache.current_tokens(7) == first)
        community_cache.invalidate(7)
        seen.append(community_cache.current_tokens(7)[0] not in (first[0], "van een ander proces"))
        return HttpResponse()

    _as_request(rf, "get", view)
    assert seen == [True, True]
    assert community_cache.current_tokens(7)[0] == cache.get("community:anon:bp:7")


def test_other_requests_read_every_token_from_the_cache(rf):
    seen = []

    def view(request):
        community_cache.current_tokens(7)
        cache.set("community:anon:bp:7", "van een ander proces", None)
        seen.append(community_cache.current_tokens(7)[0])
        return HttpResponse()

    _as_request(rf, "post", view)
    assert seen == ["van een ander proces"]
