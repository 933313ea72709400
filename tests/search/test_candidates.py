"""A text search works on a bounded candidate set (SEARCH_MAX_CANDIDATES).

More matches than the bound: the page says "more than N", ranks the best of the candidates and
marks the facet counts as lower bounds. At most the bound: everything is exact, as before.
"""

from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import translation

from search.backends import database
from search.criteria import Criteria
from search.models import SearchDocument
from search.service import run_search


def outcome_of(params, user=None):
    with translation.override("nl"):
        return run_search(params, user or AnonymousUser(), "nl")


def test_a_broad_query_says_more_than_the_bound_and_ranks_the_best_candidates(client, corpus):
    exact = outcome_of({"q": "leeruitkomsten"})
    assert exact.total > 4 and not exact.capped
    ranking = [hit.key for hit in exact.hits]
    with override_settings(SEARCH_MAX_CANDIDATES=3):
        bounded = outcome_of({"q": "leeruitkomsten"})
        response = client.get("/nl/zoeken/", {"q": "leeruitkomsten"})
    assert bounded.capped and bounded.total == 3 and bounded.pages == 1
    keys = [hit.key for hit in bounded.hits]
    # The candidates (the bound plus the one that shows there are more) are real matches,
    # ranked as the exact search ranks them.
    assert 3 <= len(keys) <= 4
    assert set(keys) <= set(ranking)
    assert keys == sorted(keys, key=ranking.index)
    html = response.content.decode()
    assert "Meer dan 3 resultaten; maak je zoekvraag specifieker" in html
    assert bounded.facets_capped
    assert all(count <= 3 for count in bounded.kind_counts.values())
    assert "+)</span>" in html


def test_a_narrow_query_is_exact(corpus):
    for params in ({"q": '"producerend leren"'}, {"q": "zij-instromers"}, {"q": "rubric"}):
        exact = outcome_of(params)
        assert exact.total
        # At the bound exactly: still every match, so still exact.
        with override_settings(SEARCH_MAX_CANDIDATES=exact.total):
            bounded = outcome_of(params)
        assert not bounded.capped and not bounded.facets_capped
        assert [hit.key for hit in bounded.hits] == [hit.key for hit in exact.hits]
        assert (bounded.total, bounded.kind_counts, bounded.year_counts) == (
            exact.total,
            exact.kind_counts,
            exact.year_counts,
        )


def test_a_type_filter_is_applied_before_the_bound(corpus):
    """A rare type is not crowded out of the candidates by the common ones."""
    exact = outcome_of({"q": "leeruitkomsten", "type": "article"})
    assert exact.hits
    with override_settings(SEARCH_MAX_CANDIDATES=1):
        bounded = outcome_of({"q": "leeruitkomsten", "type": "article"})
    assert bounded.hits and all(hit.kind == "article" for hit in bounded.hits)
    assert {hit.key for hit in bounded.hits} <= {hit.key for hit in exact.hits}


def test_hidden_rows_never_fill_the_candidates(db):
    """Visibility is applied before the bound: member-only matches, stored first, do not leave
    a visitor with fewer results than there are public ones."""

    def row(number, visibility):
        SearchDocument.objects.create(
            key=f"page:{9000 + number}",
            source=f"page:{9000 + number}",
            kind="article",
            language="nl",
            visibility=visibility,
            title=f"Zeldzaamwoord {number}",
            body="zeldzaamwoord",
            url=f"/x/{number}/",
            title_stems="zeldzaamwoord",
            body_stems="zeldzaamwoord",
        )

    for number in range(6):
        row(number, SearchDocument.Visibility.MEMBERS)
    for number in range(6, 8):
        row(number, SearchDocument.Visibility.PUBLIC)
    visitor = Criteria(language="nl", visibilities=["public"], clauses=[[("zeldzaamwoord",)]])
    with override_settings(SEARCH_MAX_CANDIDATES=3):
        result = database.search(visitor, offset=0, limit=10)
        member = database.search(
            Criteria(
                language="nl",
                visibilities=["public", "login", "members"],
                clauses=[[("zeldzaamwoord",)]],
            ),
            offset=0,
            limit=10,
        )
    assert (result.total, result.capped) == (2, False)
    assert sorted(hit.key for hit in result.hits) == ["page:9006", "page:9007"]
    assert (member.total, member.capped) == (3, True)
    assert result.kind_counts == {"article": 2}
