"""The query language and the Dutch analysis, without a database."""

from datetime import date

from search.query import parse
from search.text import stem_text, stems


def test_stemming_joins_singular_and_plural():
    assert stems("leeruitkomsten", "nl") == stems("leeruitkomst", "nl")
    assert stems("opleidingsvarianten", "nl") == stems("opleidingsvariant", "nl")
    assert stems("learning outcomes", "en") == stems("learning outcome", "en")


def test_compounds_and_accents_are_normalised():
    assert stem_text("zij-instroom", "nl") == stem_text("zijinstroom", "nl")
    assert stem_text("SO&P", "nl") == stem_text("so & p", "nl")
    assert stem_text("één", "nl") == stem_text("een", "nl") == ""  # a stop word


def test_the_query_language():
    query = parse(
        'leeruitkomsten "werkplek leren" -toets tag:pabo type:uitkomst '
        "bespreekpunt:3 @marieke after:2022 before:2023-06 year:2022"
    )
    assert query.terms == ["leeruitkomsten"]
    assert query.phrases == ["werkplek leren"]
    assert query.excluded == ["toets"]
    assert query.tags == ["pabo"]
    assert query.kinds == ["outcome"]
    assert query.bespreekpunt == "3"
    assert query.member == "marieke"
    assert query.after == date(2022, 1, 1)
    assert query.before == date(2023, 6, 1)
    assert query.year == 2022
    assert query.notices == []


def test_synonyms_expand_to_alternatives():
    clauses = parse("pabo").clauses("nl")
    assert len(clauses) == 1
    assert ("pabo",) in clauses[0]
    assert any(len(alternative) > 1 for alternative in clauses[0])
    so_p = parse("SO&P").clauses("nl")[0]
    assert tuple(stems("samen opleiden en professionaliseren", "nl")) in so_p


def test_malformed_queries_are_read_as_well_as_possible():
    query = parse('"werkplek leren onbekend:ding after:morgen')
    assert query.terms == ["werkplek", "leren", "onbekend", "ding"]
    assert query.after is None
    assert len(query.notices) == 3


def test_very_long_queries_are_cut():
    query = parse("woord " * 5000)
    assert len(query.text) <= 500
    assert len(query.clauses("nl")) <= 12
