"""Quoted phrases on PostgreSQL are found through an index of adjacent stem pairs."""

import pytest
from django.db import connection

from search.backends.database import pair_expression
from search.criteria import Criteria


def criteria(clauses, **extra) -> Criteria:
    return Criteria(language="nl", visibilities=["public"], clauses=clauses, **extra)


def test_only_clauses_made_of_phrases_narrow_by_pairs():
    phrase = [("werkplek", "leren", "begeleid")]
    assert pair_expression(criteria([phrase])) == "(('werkplek_leren' & 'leren_begeleid'))"
    # A synonym with two spellings: either phrase.
    either = [("zij", "instroom"), ("zijinstrom",)]
    assert pair_expression(criteria([either])) == ""
    both = [("zij", "instroom"), ("lateral", "entry")]
    assert pair_expression(criteria([both, [("pabo",)]])) == (
        "(('zij_instroom') | ('lateral_entry'))"
    )
    # Any-word mode (nothing has every word): a phrase is then no requirement.
    assert pair_expression(criteria([phrase], match_any=True)) == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pairs are PostgreSQL's index")
def test_each_row_has_its_adjacent_pairs_title_then_body(corpus):
    from search.models import SearchDocument

    row = SearchDocument.objects.exclude(title_stems="").exclude(body_stems="").first()
    words = f"{row.title_stems} {row.body_stems}".split()
    expected = {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(pair_vector) FROM search_searchdocument WHERE id = %s",
            [row.pk],
        )
        assert set(cursor.fetchone()[0]) == expected
    # The title's last word and the body's first are adjacent, as in search_vector.
    assert f"{row.title_stems.split()[-1]}_{row.body_stems.split()[0]}" in expected
