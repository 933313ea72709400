"""The relevance suite: Dutch (and English) queries and what must come in the top 3.

Runs on SQLite by default and on PostgreSQL with DATABASE_URL set (CI runs both). One test
per language collects every miss, so a failure lists all queries that went wrong at once.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from search.service import run_search

# (query, name of the row that must be in the top 3)
DUTCH = [
    ("leeruitkomsten", "bp_leeruitkomsten"),
    ("leeruitkomst", "bp_leeruitkomsten"),
    ("werken met leeruitkomsten", "manifest_leeruitkomsten"),
    ("opleidingsvarianten", "manifest_varianten"),
    ("opleidingsvarianten voor iedereen", "art_varianten"),
    ("opleidingsvariant", "manifest_varianten"),
    ("pabo leeruitkomsten", "art_pabo"),
    ("zij-instroom", "art_zij"),
    ("zij-instromers", "art_zij"),
    ("zijinstromer", "art_zij"),
    ("PDG", "art_pdg"),
    ("pedagogisch-didactisch getuigschrift", "art_pdg"),
    ("SO&P", "manifest_partnerschappen"),
    ("samen opleiden", "art_sop"),
    ("partnerschappen", "manifest_partnerschappen"),
    ("biografisch coachen", "art_coach"),
    ("loopbaandenken", "bp_loopbaan"),
    ("vitaliteit", "art_vitaliteit"),
    ("adaptief vermogen", "art_adaptief"),
    ("werksessie leeruitkomsten", "ws2022"),
    ("opbrengsten werksessie", "out2022"),
    ("kalibreren", "post_rubric"),
    ("rubric", "post_rubric"),
    ("toetsen leeruitkomsten", "topic_toetsen"),
    ("beoordelen", "post_toetsen_1"),
    ("loopbaangesprek", "topic_loopbaan"),
    ('"producerend leren"', "manifest_geschiedenis"),
    ("studiedag", "sd2023"),
    ("erkenning zij-instromers", "out2023"),
    ("leerroutes type:uitkomst", "out2023"),
    ("leeruitkomsten year:2022 type:outcome", "out2022"),
    ("gepersonaliseerd opleiden", "manifest_visie"),
]
ENGLISH = [
    ("learning outcomes", "en_outcomes"),
    ("learning outcome", "en_outcomes"),
    ("assessing", "en_outcomes"),
]


def top3(query: str, language: str) -> list[str]:
    outcome = run_search(QueryDict(mutable=True) | {"q": query}, AnonymousUser(), language)
    return [hit.key for hit in outcome.hits[:3]]


def misses(corpus, cases, language):
    result = []
    for query, name in cases:
        found = top3(query, language)
        if corpus.keys[name] not in found:
            result.append(f"{query!r}: wanted {name}, got {found}")
    return result


def test_dutch_queries_find_what_they_should_in_the_top_three(corpus):
    assert len(DUTCH) >= 25
    assert misses(corpus, DUTCH, "nl") == []


def test_english_content_is_matched_in_english(corpus):
    assert misses(corpus, ENGLISH, "en") == []
    assert top3("leeruitkomsten", "en") == []
