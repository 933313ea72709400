"""Runs the project's benchmarks and prints one table.

    .venv/bin/python bench/run.py              every benchmark
    .venv/bin/python bench/run.py home         only bench/bench_home.py
    .venv/bin/python bench/run.py --list

A benchmark is a module bench/bench_<name>.py with `def run(report: Report) -> None` that adds
rows to the report; bench/common.py has the server, site and load helpers. Everything runs on
127.0.0.1 against a throwaway SQLite database. With DATABASE_URL (and REDIS_URL) set it measures
PostgreSQL (and Redis) instead; migrate and load_demo then run there, so point it at a scratch
database. Each run's output is also kept in bench/results/ (git-ignored).
"""

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

# `python bench/run.py` puts bench/ on the import path, not the project root that Django needs.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import BenchError, Report, format_table  # noqa: E402


def available() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in ROOT.glob("bench/bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    names = available()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", metavar="name", help=f"one of: {', '.join(names)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per row")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(names))
        return 0
    unknown = sorted(set(args.names) - set(names))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(names)}")
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        report = Report(
            workdir=Path(workdir),
            requests=args.requests,
            clients=args.clients,
            workers=args.workers,
        )
        failed = [name for name in args.names or names if not run_one(name, report)]
    # Client and server share this machine, so its other load shows up in the numbers.
    report.notes.append(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    )
    output = "\n".join([format_table(report.rows), *(f"  {note}" for note in report.notes)])
    print(output)
    print(f"bench: saved to {save(output).relative_to(ROOT)}", file=sys.stderr)
    if failed:
        print(f"bench: FAILED: {', '.join(failed)} (see above)", file=sys.stderr)
    return 1 if failed else 0


def run_one(name: str, report: Report) -> bool:
    """Run one benchmark; a failure is reported and the others still run."""
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    try:
        importlib.import_module(f"bench.bench_{name}").run(report)
    except BenchError as error:
        print(f"bench: {name} failed: {error}", file=sys.stderr)
        return False
    except Exception:
        traceback.print_exc()
        print(f"bench: {name} failed with the error above", file=sys.stderr)
        return False
    return True


def save(output: str) -> Path:
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / time.strftime("%Y%m%d-%H%M%S.txt", time.gmtime())
    path.write_text(output + "\n")
    return path


if __name__ == "__main__":
    sys.exit(main())
