"""Fixtures of the fault tests, and the summary they print at the end of the run.

The tests start their own PostgreSQL cluster (once per run, migrated once into a template
database; each test gets a fresh copy), their own Redis, an SMTP sink, the site under uvicorn
and the task worker, and stop or kill them on purpose. They skip, with the reason, only when
the server binaries are not installed.

Each test writes what it did and what survived with `fault_report.add(name, value)`; the
lines travel with the test's report (also from pytest-xdist workers) and are printed in one
section at the end of the run (tests/faults/summary.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.faults.servers import PG_BIN, ROOT, Postgres, manage, missing_binaries, site_env
from tests.faults.summary import SUMMARY_KEY

TEMPLATE = "faults_template"
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "flexibel-opleiden"


def schema_digest() -> str:
    """Changes with any migration or locked dependency: the key of the migrated schema's dump."""
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_template(postgres: Postgres, workdir: Path) -> None:
    """Migrates the template database once; later runs restore the dump of that (seconds
    instead of a minute of migrations)."""
    url = postgres.create_database(TEMPLATE)
    dump = CACHE_DIR / f"faults-schema-{schema_digest()}.dump"
    if dump.exists():
        restore = [str(PG_BIN / "pg_restore"), "--no-owner", "-d", url, str(dump)]
        if subprocess.run(restore, capture_output=True).returncode == 0:
            return
        url = postgres.create_database(TEMPLATE)
    manage(site_env(workdir, url), "migrate", "--no-input", timeout=1200)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = dump.with_suffix(".partial")
    subprocess.run([str(PG_BIN / "pg_dump"), "-Fc", "-f", str(partial), url], check=True)
    partial.replace(dump)
    for old in CACHE_DIR.glob("faults-schema-*.dump"):
        if old != dump:
            old.unlink()


@pytest.fixture(scope="session")
def fault_postgres(tmp_path_factory):
    reason = missing_binaries()
    if reason:
        pytest.skip(f"fault tests need real servers: {reason}")
    postgres = Postgres()
    try:
        postgres.start()
        migrated_template(postgres, tmp_path_factory.mktemp("faults-migrate"))
        yield postgres
    finally:
        postgres.destroy()


@pytest.fixture
def fault_database(fault_postgres, request) -> str:
    """A fresh, migrated database of this test on the fault tests' own cluster; its URL."""
    name = "f_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return fault_postgres.create_database(name, template=TEMPLATE)


class FaultReport:
    def __init__(self, node) -> None:
        self.node = node
        self.lines: list[tuple[str, str]] = []
        node.user_properties.append((SUMMARY_KEY, self.lines))

    def add(self, name: str, value: object) -> None:
        self.lines.append((name, str(value)))
        print(f"{name}: {value}")


@pytest.fixture
def fault_report(request) -> FaultReport:
    return FaultReport(request.node)


@pytest.fixture
def workdir(tmp_path) -> Path:
    return tmp_path
