"""The search page and the suggestions endpoint as members and visitors see them."""

from django.urls import reverse
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query

from search.models import SearchLogEntry


def test_dutch_and_english_urls():
    with translation.override("nl"):
        assert reverse("search:search") == "/nl/zoeken/"
        assert reverse("search:autocomplete") == "/nl/zoeken/suggesties/"
    with translation.override("en"):
        assert reverse("search:search") == "/en/search/"


def test_results_show_highlighted_snippets_and_facets(
    client, corpus, django_assert_max_num_queries
):
    # Fixed cost: search, facets, one check per source type, the log, the site chrome.
    with django_assert_max_num_queries(32):
        response = client.get("/nl/zoeken/", {"q": "leeruitkomsten"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>leeruitkomsten</mark>" in html or "<mark>Leeruitkomsten</mark>" in html
    assert "Sessie-opbrengst" in html  # the type facet, in Dutch
    assert "2022" in html
    assert f'href="{corpus.pages["manifest"].url}#leeruitkomsten"' in html


def test_narrow_to_outcomes_of_a_year(client, corpus):
    response = client.get("/nl/zoeken/", {"q": "leeruitkomsten", "type": "outcome", "year": "2022"})
    outcome = response.context["outcome"]
    assert [hit.key for hit in outcome.hits] == [corpus.keys["out2022"]]
    # Each facet counts as if its own filter were off: other types of 2022 stay reachable.
    assert outcome.kind_counts == {"outcome": 1, "event": 1}
    assert outcome.year_counts[2022] == 1


def test_filter_by_bespreekpunt_tag_and_member(client, corpus, member):
    bp = corpus.pages["bp_leeruitkomsten"]
    response = client.get("/nl/zoeken/", {"q": "", "bespreekpunt": str(bp.pk), "type": "topic"})
    assert [hit.key for hit in response.context["outcome"].hits] == [corpus.keys["topic_toetsen"]]
    response = client.get("/nl/zoeken/", {"q": "tag:pabo"})
    assert [hit.key for hit in response.context["outcome"].hits] == [corpus.keys["art_pabo"]]
    response = client.get("/nl/zoeken/", {"q": f"@{member.username} type:article"})
    assert len(response.context["outcome"].hits) == 8


def test_phrases_and_exclusions(client, corpus):
    response = client.get("/nl/zoeken/", {"q": '"producerend leren"'})
    assert [hit.key for hit in response.context["outcome"].hits] == [
        corpus.keys["manifest_geschiedenis"]
    ]
    response = client.get("/nl/zoeken/", {"q": '"leren producerend"'})
    assert response.context["outcome"].hits == []
    response = client.get("/nl/zoeken/", {"q": "leeruitkomsten -pabo"})
    keys = [hit.key for hit in response.context["outcome"].hits]
    assert keys and corpus.keys["art_pabo"] not in keys


def test_pagination(client, corpus, monkeypatch):
    monkeypatch.setattr("search.service.PER_PAGE", 3)
    response = client.get("/nl/zoeken/", {"q": "type:article"})
    outcome = response.context["outcome"]
    assert (outcome.total, outcome.pages, len(outcome.hits)) == (8, 3, 3)
    html = response.content.decode()
    assert 'rel="next"' in html and "page=2" in html
    last = client.get("/nl/zoeken/", {"q": "type:article", "page": "3"}).context["outcome"]
    assert len(last.hits) == 2
    seen = {
        hit.key
        for page in (1, 2, 3)
        for hit in client.get("/nl/zoeken/", {"q": "type:article", "page": str(page)})
        .context["outcome"]
        .hits
    }
    assert len(seen) == 8


def test_autocomplete_suggests_titles(client, corpus):
    data = client.get("/nl/zoeken/suggesties/", {"q": "leeruitk"}).json()
    titles = [item["title"] for item in data["results"]]
    assert "Leeruitkomsten" in titles
    assert all(item["kind"] != "post" for item in data["results"])
    assert client.get("/nl/zoeken/suggesties/", {"q": ""}).json() == {"results": []}


def test_searches_are_logged_for_editors(client, corpus):
    client.get("/nl/zoeken/", {"q": "leeruitkomsten"})
    client.get("/nl/zoeken/", {"q": "Leeruitkomsten"})
    client.get("/nl/zoeken/", {"q": "onvindbaarwoord"})
    assert Query.objects.get(query_string="leeruitkomsten").hits == 2
    assert SearchLogEntry.objects.get(query_string="leeruitkomsten").searches == 2
    assert SearchLogEntry.objects.get(query_string="onvindbaarwoord").last_result_count == 0
    client.get("/nl/zoeken/", {"q": "leeruitkomsten", "page": "2"})
    assert SearchLogEntry.objects.get(query_string="leeruitkomsten").searches == 2


def test_english_site(client, corpus):
    response = client.get("/en/search/", {"q": "learning outcomes"})
    assert response.status_code == 200
    assert [hit.key for hit in response.context["outcome"].hits][:1] == [corpus.keys["en_outcomes"]]
    assert "Search" in response.content.decode()


def test_editors_see_the_search_log_with_queries_that_found_nothing(client, corpus, editor, member):
    client.get("/nl/zoeken/", {"q": "leeruitkomsten"})
    client.get("/nl/zoeken/", {"q": "onvindbaarwoord"})
    client.force_login(editor)
    response = client.get(reverse("search_log"), {"without_results": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "onvindbaarwoord" in html
    assert "leeruitkomsten" not in html
    assert "leeruitkomsten" in client.get(reverse("search_log")).content.decode()
    client.force_login(member)
    assert client.get(reverse("search_log")).status_code in (302, 403)


def test_a_listings_counts_follow_the_index(
    client, corpus, member, django_capture_on_commit_callbacks
):
    """Listing counts (filters, no words) are cached until the index next changes."""
    from community import actions
    from search import indexing

    def posts_listed() -> int:
        return client.get("/nl/zoeken/", {"type": "post"}).context["outcome"].total

    before = posts_listed()
    assert posts_listed() == before
    topic = corpus.pages["post_hidden"].topic
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.check_create_post(member, topic, body="Nog een bijdrage over stages")
        indexing.index_sources([f"post:{post.pk}"])
    assert posts_listed() == before + 1
