"""The total and both facets come from one (type, year) count of the matches (no database)."""

from search.backends.database import _facets, _total
from search.criteria import Criteria

GROUPS = [
    ("post", 2024, 5),
    ("post", 2025, 3),
    ("article", 2025, 2),
    ("outcome", None, 4),
]


def criteria(**filters) -> Criteria:
    return Criteria(language="nl", visibilities=["public"], **filters)


def test_without_filters_everything_counts():
    assert _total(GROUPS, criteria()) == 14
    kinds, years = _facets(GROUPS, criteria())
    assert kinds == {"post": 8, "outcome": 4, "article": 2}
    # Rows without a date have no year to choose.
    assert years == {2025: 5, 2024: 5}
    assert list(years) == [2025, 2024]


def test_each_facet_counts_as_if_its_own_filter_were_off():
    narrowed = criteria(kinds=["post"], year=2025)
    assert _total(GROUPS, narrowed) == 3
    kinds, years = _facets(GROUPS, narrowed)
    # Types of 2025, and years of posts.
    assert kinds == {"post": 3, "article": 2}
    assert years == {2025: 3, 2024: 5}


def test_several_types():
    both = criteria(kinds=["post", "article"])
    assert _total(GROUPS, both) == 10
    assert _facets(GROUPS, both)[1] == {2025: 5, 2024: 5}
