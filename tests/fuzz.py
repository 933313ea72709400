"""Counting what the fuzz tests sent, printed at the end of the pytest run.

The fuzzers (tests/community/test_fuzz_api.py, tests/home/test_fuzz_forms.py) call `record`
for every request; `pytest_terminal_summary` prints one line per kind, e.g.
`fuzz api: 1040 requests, 2xx 310, 3xx 0, 4xx 730, 5xx 0`. A 5xx fails its test as well, so a
green run always prints `5xx 0`.
"""

from collections import Counter, defaultdict

import pytest

COUNTS_KEY = "fuzz_counts"
# This test's counts, in the process that runs it; they go out with its teardown report.
COUNTS: defaultdict[str, Counter[str]] = defaultdict(Counter)
# The run's counts, where the reports arrive (the pytest-xdist controller, or the one process).
TOTALS: defaultdict[str, Counter[str]] = defaultdict(Counter)


def record(kind: str, status: int) -> None:
    COUNTS[kind]["requests"] += 1
    COUNTS[kind][f"{status // 100}xx"] += 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "teardown" and COUNTS:
        report = outcome.get_result()
        report.user_properties.append(
            (COUNTS_KEY, {kind: dict(counts) for kind, counts in COUNTS.items()})
        )
        COUNTS.clear()


def pytest_runtest_logreport(report) -> None:
    for kind, counts in dict(report.user_properties).get(COUNTS_KEY, {}).items():
        TOTALS[kind].update(counts)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not TOTALS:
        return
    terminalreporter.section("fuzz counts")
    for kind, counts in sorted(TOTALS.items()):
        classes = ", ".join(f"{name} {counts[name]}" for name in ("2xx", "3xx", "4xx", "5xx"))
        terminalreporter.write_line(f"fuzz {kind}: {counts['requests']} requests, {classes}")
