"""The fault tests' summary at the end of the run: what each did and what survived.

A plugin of the whole suite (tests/conftest.py), not of tests/faults/conftest.py: with
pytest-xdist the controlling process collects nothing, so only plugins loaded from the top
see the reports its workers send, and the lines travel inside those reports.
"""

SUMMARY_KEY = "fault_summary"

_summaries: dict[str, tuple[str, list[tuple[str, str]]]] = {}


def pytest_runtest_logreport(report) -> None:
    lines = dict(report.user_properties).get(SUMMARY_KEY)
    if lines is None:
        if report.skipped and report.nodeid.startswith("tests/faults/"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            _summaries[report.nodeid] = ("skipped", [("reason", str(reason))])
        return
    if report.when == "teardown":
        outcome = _summaries.get(report.nodeid, ("passed", []))[0]
        _summaries[report.nodeid] = (outcome, list(lines))
    elif report.failed:
        _summaries[report.nodeid] = ("FAILED", list(lines))


def pytest_terminal_summary(terminalreporter) -> None:
    if not _summaries:
        return
    terminalreporter.write_sep("=", "fault tests: what was done and what survived")
    for nodeid, (outcome, lines) in _summaries.items():
        terminalreporter.write_line(f"{nodeid.rpartition('::')[2]} ({outcome})")
        for name, value in lines:
            terminalreporter.write_line(f"    {name:<42} {value}")
