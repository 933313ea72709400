"""Whatever is typed or put in the URL, the search page answers (never a server error)."""

from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import parse
from search.service import run_search

BAD_QUERIES = [
    "",
    "   ",
    "leeruitkomsten " * 700,  # 10,000 characters
    "de het een en van",  # only stop words
    '"werkplek leren',  # unbalanced quote
    'leeruitkomsten "',
    "foo:bar leeruitkomsten",  # unknown filter
    "'; DROP TABLE search_searchdocument; --",
    "title:(foo AND bar^2) OR * ~ leeruitk*",  # Lucene
    'NEAR(a b) OR "x" AND -',  # FTS5 syntax
    "after:2022-13-45 before:gisteren year:twintig type:onbekend",
    "@ @@ ::: --- *** ((( )))",
    "tag: type: bespreekpunt:",
    "bespreekpunt:bestaat-niet",
    "-leeruitkomsten",
    "漢字 émoji 🙂 ßtraße",
    "\x00\x1f control",
]


BAD_PARAMETERS = [
    {"q": "leeruitkomsten", "page": "9999"},
    {"q": "leeruitkomsten", "page": "-3"},
    {"q": "leeruitkomsten", "page": "abc"},
    {"q": "leeruitkomsten", "year": "abcd", "type": "xyz", "after": "nooit"},
    {"type": "outcome"},
    {"bespreekpunt": "99999"},
    {"event": "geen-event"},
    {"tag": "x" * 5000},
]


def test_bad_input_answers_the_page(client, corpus):
    """One corpus for all cases (building it is the slow part); every failure is listed."""
    cases = [{"q": query} for query in BAD_QUERIES] + BAD_PARAMETERS
    failures = []
    for params in cases:
        for url in (reverse("search:search"), reverse("search:autocomplete")):
            status = client.get(url, params).status_code
            # NUL in an address is refused before any view (home's hostile-input middleware).
            expected = 400 if "\x00" in str(params.get("q", "")) else 200
            if status != expected:
                failures.append((url, str(params)[:80], status))
    assert failures == []


def test_a_page_past_the_end_shows_the_last_page(client, corpus):
    response = client.get(reverse("search:search"), {"q": "leeruitkomsten", "page": "50"})
    outcome = response.context["outcome"]
    assert outcome.page == outcome.pages
    assert outcome.hits


def test_only_stop_words_says_so(client, corpus):
    response = client.get(reverse("search:search"), {"q": "de het een"})
    assert "alleen heel gewone woorden" in response.content.decode()


def test_malformed_parts_are_reported_and_the_rest_searched(corpus):
    params = QueryDict(mutable=True)
    params["q"] = 'leeruitkomsten "werkplek foo:bar'
    outcome = run_search(params, AnonymousUser(), "nl")
    assert outcome.hits
    assert len(outcome.notices) == 3  # the quote, the filter, and "some of your words"


def test_the_empty_query_shows_the_empty_form(client, corpus):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert not response.context["outcome"].searched


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_text_parses_and_searches(db, text):
    parse(text)
    params = QueryDict(mutable=True)
    params["q"] = text
    run_search(params, AnonymousUser(), "nl")
