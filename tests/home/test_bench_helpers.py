"""The bench's arithmetic and table; the timing itself lives in bench/ and never in tests."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.common import LoadResult, Report, Row, format_table, percentile


def test_percentile_interpolates_between_ranks():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 25) == 2.0
    assert percentile([10.0, 20.0], 99) == pytest.approx(19.9)


def test_percentile_ends_are_min_and_max():
    values = [3.0, 9.0, 1.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 9.0
    assert percentile([7.0], 99) == 7.0


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=50))
def test_percentile_matches_statistics_inclusive_quantiles(values):
    quartiles = statistics.quantiles(values, n=4, method="inclusive")
    for pct, expected in zip((25, 50, 75), quartiles, strict=True):
        assert percentile(values, pct) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(("values", "pct"), [([], 50), ([1.0], -1), ([1.0], 101)])
def test_percentile_rejects_bad_input(values, pct):
    with pytest.raises(ValueError):
        percentile(values, pct)


def test_load_result_derives_rate_and_percentiles():
    result = LoadResult(latencies=[0.010, 0.020, 0.030, 0.040], elapsed=0.5, errors=0)
    assert result.requests_per_second == 8.0
    assert result.p50_ms == pytest.approx(25.0)
    assert result.p99_ms == pytest.approx(39.7)


def test_report_marks_failed_requests(tmp_path):
    report = Report(workdir=tmp_path)
    report.add("ok", LoadResult([0.001], 1.0, errors=0), "fine")
    report.add("broken", LoadResult([0.001, 0.002], 1.0, errors=2), "")
    assert [row.notes for row in report.rows] == ["fine", "2 FAILED requests"]


def test_table_aligns_names_left_and_numbers_right():
    table = format_table(
        [
            Row("bare view", 1234.56, 1.5, 12.25, "middleware only"),
            Row("home page /nl/", 98.7, 40.0, 120.0),
        ]
    )
    header, rule, bare, home = table.splitlines()
    assert header.split() == ["benchmark", "requests/s", "p50", "ms", "p99", "ms", "notes"]
    assert set(rule) == {"-"}
    assert bare.startswith("bare view ")
    assert bare.split() == ["bare", "view", "1234.6", "1.50", "12.25", "middleware", "only"]
    assert home.endswith("120.00")
    # The numbers' right edges line up under their headers.
    assert bare.index("1234.6") + len("1234.6") == header.index("requests/s") + len("requests/s")
    assert home.index("98.7") + len("98.7") == bare.index("1234.6") + len("1234.6")
