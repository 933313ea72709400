"""Counting what the fuzz tests sent, printed at the end of the pytest run.

The fuzzers (tests/community/test_fuzz_api.py, tests/home/test_fuzz_forms.py) call `record`
for every request; `pytest_terminal_summary` prints one line per kind, e.g.
`fuzz api: 1040 requests, 2xx 310, 3xx 0, 4xx 730, 5xx 0`. A 5xx fails its test as well, so a
green run always prints `5xx 0`.
"""

from collections import Counter, defaultdict

COUNTS: defaultdict[str, Counter[str]] = defaultdict(Counter)


def record(kind: str, status: int) -> None:
    COUNTS[kind]["requests"] += 1
    COUNTS[kind][f"{status // 100}xx"] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not COUNTS:
        return
    terminalreporter.section("fuzz counts")
    for kind, counts in sorted(COUNTS.items()):
        classes = ", ".join(f"{name} {counts[name]}" for name in ("2xx", "3xx", "4xx", "5xx"))
        terminalreporter.write_line(f"fuzz {kind}: {counts['requests']} requests, {classes}")
