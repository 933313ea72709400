"""Elasticsearch: the requests sent (unit tests), the fallback to the database, and live tests
that run only when ELASTICSEARCH_URL points at a real cluster (none can be installed here)."""

import os
import uuid
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.http import QueryDict

from search import elastic, indexing
from search.criteria import Criteria
from search.models import SearchDocument, SearchRemoval
from search.query import parse
from search.service import build_criteria, run_autocomplete, run_search

# A port nothing listens on: connections are refused at once.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def unreachable_cluster(settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    elastic.client.cache_clear()
    yield
    elastic.client.cache_clear()


def body(query: str, user=None, **kwargs) -> dict:
    criteria = build_criteria(parse(query), user or AnonymousUser(), "nl")
    return elastic.build_search(criteria, offset=kwargs.get("offset", 0), limit=10).to_dict()


def test_the_request_analyses_dutch_and_filters_visibility(db):
    sent = body('leeruitkomsten "werkplek leren" -toets tag:pabo @marieke after:2022')
    query = sent["query"]["bool"]
    text = query["must"][0]["bool"]
    assert text["must"][0] == {
        "multi_match": {
            "query": "leeruitkomsten",
            "fields": ["title.nl^4", "body.nl"],
            "operator": "and",
        }
    }
    assert text["must"][1]["multi_match"]["type"] == "phrase"
    assert text["must_not"][0]["multi_match"]["query"] == "toets"
    assert {"term": {"language": "nl"}} in query["filter"]
    assert {"terms": {"visibility": ["public"]}} in query["filter"]
    assert {"term": {"tags": "pabo"}} in query["filter"]
    assert {"term": {"authors": "marieke"}} in query["filter"]
    assert {"range": {"date": {"gte": "2022-01-01"}}} in query["filter"]
    assert sent["highlight"]["pre_tags"] == ["<mark>"]
    assert "body.nl" in sent["highlight"]["fields"]


def test_members_see_member_rows(member):
    sent = body("leeruitkomsten", member)
    assert {"terms": {"visibility": ["public", "login", "members"]}} in sent["query"]["bool"][
        "filter"
    ]


def test_facets_count_without_their_own_filter(db):
    sent = body("leeruitkomsten type:outcome year:2022", offset=20)
    assert sent["post_filter"] == {
        "bool": {"filter": [{"terms": {"kind": ["outcome"]}}, {"term": {"year": 2022}}]}
    }
    assert sent["aggs"]["kinds"]["filter"] == {"term": {"year": 2022}}
    assert sent["aggs"]["years"]["filter"] == {"terms": {"kind": ["outcome"]}}
    assert (sent["from"], sent["size"]) == (20, 10)


def test_filters_only_sorts_by_date(db):
    sent = body("type:outcome")
    assert sent["sort"] == [{"date": {"order": "desc", "missing": "_last"}}]
    assert "highlight" not in sent


def test_the_index_has_dutch_and_english_analysers():
    analysis = elastic.index_settings()["analysis"]
    assert analysis["filter"]["nl_stem"] == {"type": "stemmer", "language": "dutch"}
    assert (
        "pabo, pedagogische academie basisonderwijs"
        in analysis["filter"]["nl_synonyms"]["synonyms"][0]
    )
    assert elastic.MAPPINGS["properties"]["body"]["fields"]["nl"]["analyzer"] == "nl_index"


def test_autocomplete_request_excludes_posts(db):
    criteria = Criteria(language="nl", visibilities=["public"])
    sent = elastic.build_autocomplete(criteria, "leeruitk", limit=8).to_dict()
    assert sent["query"]["bool"]["must"] == [{"match_bool_prefix": {"title.nl": "leeruitk"}}]
    assert sent["query"]["bool"]["must_not"] == [{"term": {"kind": "post"}}]


def test_search_falls_back_to_the_database_with_a_notice(corpus, unreachable_cluster):
    params = QueryDict(mutable=True)
    params["q"] = "leeruitkomsten"
    outcome = run_search(params, AnonymousUser(), "nl")
    assert outcome.backend == "database"
    assert outcome.hits
    assert "zoekdienst" in outcome.notices[-1]
    assert run_autocomplete("leeruitk", AnonymousUser(), "nl")


def test_publishing_succeeds_and_updates_wait_when_the_cluster_is_down(
    corpus, unreachable_cluster, django_capture_on_commit_callbacks
):
    article = corpus.pages["art_coach"]
    article.title = "Biografisch coachen van zij-instromers"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    row = SearchDocument.objects.get(key=corpus.keys["art_coach"])
    assert row.title == "Biografisch coachen van zij-instromers"
    assert row.es_pending
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert SearchRemoval.objects.filter(key=corpus.keys["art_coach"]).exists()
    assert indexing.push_to_elasticsearch() is False
    assert SearchRemoval.objects.filter(key=corpus.keys["art_coach"]).exists()


live = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
)


@pytest.fixture
def live_index(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {
            **settings.WAGTAILSEARCH_BACKENDS["default"],
            "INDEX": f"test-{uuid.uuid4().hex[:8]}",
        },
    }
    elastic.client.cache_clear()
    yield
    elastic.client().indices.delete(index=elastic.index_name(), ignore_unavailable=True)
    elastic.client.cache_clear()


@live
def test_live_search_ranks_highlights_and_filters(corpus, live_index, member):
    call_command("rebuild_search_index", stdout=StringIO())
    elastic.client().indices.refresh(index=elastic.index_name())
    assert not SearchDocument.objects.filter(es_pending=True).exists()
    params = QueryDict(mutable=True)
    params["q"] = "leeruitkomst"
    outcome = run_search(params, AnonymousUser(), "nl")
    assert outcome.backend == "elasticsearch"
    assert corpus.keys["bp_leeruitkomsten"] in [hit.key for hit in outcome.hits[:3]]
    assert any("<mark>" in hit.highlight for hit in outcome.hits)
    params["q"] = "kortingscode"
    assert run_search(params, member, "nl").hits == []
