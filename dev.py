#!/usr/bin/env python3
"""The project's commands, for a fresh machine that has only Python 3.11 or newer.

    python3 dev.py serve   set up, load the demo content and serve the site on http://127.0.0.1:8000
    python3 dev.py test    set up and run every quality gate and the whole test suite
    python3 dev.py bench   set up and run the benchmarks (bench/run.py) and print their table

Each creates `.venv` and installs the locked dependencies (requirements.lock) on first use.
Only the standard library is used here, because nothing else is installed yet.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
LOCK = ROOT / "requirements.lock"
APPS = ["config", "home", "community", "events", "knowledge", "search"]
CHROMIUM = Path("/usr/bin/chromium")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    run(PYTHON, "manage.py", *args, env=env)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py may be started by an older python3)
        sys.exit("Python 3.11 or newer is needed.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / ".installed-lock"
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip", "uv")
    run(BIN / "uv", "pip", "install", "--quiet", "--python", PYTHON, "-r", LOCK)
    stamp.write_text(digest)


def prepare(settings: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    # Static files come from the apps' folders (WhiteNoise's finders) until collectstatic fills
    # STATIC_ROOT; WhiteNoise warns on every start while that folder does not exist.
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)
    manage("compile_translations", env=env)
    return env


LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALL_INTERFACES = {"0.0.0.0", "::", "[::]", ""}  # noqa: S104 (recognised, not bound, here)


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def machine_hosts() -> list[str]:
    """The names and addresses other machines may reach this one by."""
    hosts = [socket.gethostname(), socket.getfqdn()]
    with contextlib.suppress(OSError):
        hosts += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)]
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        # Connecting a UDP socket sends nothing; it only picks the interface for that route.
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect((probe, 9))
            hosts.append(udp.getsockname()[0])
    return hosts


def served_hosts(host: str, extra: str = "") -> list[str]:
    """ALLOWED_HOSTS for `serve --host`: this machine's local names, the host served on (every
    name and address of the machine for 0.0.0.0) and any the user set in ALLOWED_HOSTS."""
    hosts = [*LOCAL_HOSTS, *(h.strip() for h in extra.split(",") if h.strip())]
    hosts += machine_hosts() if host in ALL_INTERFACES else [host]
    return list(dict.fromkeys(_bracketed(h) for h in hosts if h and h != "*"))


def serve(args: argparse.Namespace) -> None:
    ensure_venv()
    env = prepare("config.settings.dev")
    # The dev settings accept only these hosts, for HTTP and for websocket origins alike.
    env["ALLOWED_HOSTS"] = ",".join(served_hosts(args.host, env.get("ALLOWED_HOSTS", "")))
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("load_demo", env=env)
    print(f"\nThe site runs on http://{_bracketed(args.host)}:{args.port}/ (Ctrl+C stops it).")
    print(f"It answers to: {env['ALLOWED_HOSTS']} (add more with ALLOWED_HOSTS=a,b).\n", flush=True)
    run(
        BIN / "uvicorn",
        "config.asgi:application",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--lifespan",
        "off",
        env=env,
    )


def ensure_chromium() -> None:
    """Browser tests need Debian's chromium; install it where we may (root with apt-get)."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "chromium",
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    else:
        print("chromium is not installed: the browser tests will be skipped.", flush=True)


def test(args: argparse.Namespace) -> None:
    ensure_venv()
    if not args.quick:
        ensure_chromium()
    env = prepare("config.settings.test")
    if not args.quick:
        run(BIN / "ruff", "check", ".")
        run(BIN / "ruff", "format", "--check", ".")
        run(BIN / "mypy", *APPS, "bench", "dev.py")
        manage("makemigrations", "--check", "--dry-run", env=env)
        deploy_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "flexibelopleiden.example",
        }
        manage("check", "--deploy", "--fail-level", "WARNING", env=deploy_env)
    pytest_args = list(args.pytest_args)
    if (os.cpu_count() or 1) > 1:
        # One pytest-xdist worker per core, each with its own database; whole files go to one
        # worker, so a file's module fixtures (the demo site) are built once, in the order of
        # tests/conftest.py (the slow files first). A later `-n 0` runs all in this process.
        pytest_args = ["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder", *pytest_args]
    if args.quick:
        # Neither the browser nor the fault tests (they start servers of their own).
        pytest_args = ["-m", "not browser and not faults", *pytest_args]
    run(PYTHON, "-m", "pytest", *pytest_args, env=env)


def bench(args: argparse.Namespace) -> None:
    ensure_venv()
    run(PYTHON, "bench/run.py", *args.bench_args)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="set up and run the site with demo content")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.set_defaults(func=serve)
    test_parser = commands.add_parser("test", help="set up and run the quality gates and tests")
    test_parser.add_argument(
        "--quick", action="store_true", help="tests only, no browser, no fault tests, no linters"
    )
    test_parser.set_defaults(func=test)
    # No options of its own (prefix "+"): every argument, -h too, goes on to bench/run.py.
    bench_parser = commands.add_parser(
        "bench", help="run the benchmarks and print a table", prefix_chars="+", add_help=False
    )
    bench_parser.add_argument("bench_args", nargs=argparse.REMAINDER)
    bench_parser.set_defaults(func=bench)
    # Whatever `test` does not know (-x, -k, paths) goes on to pytest.
    args, pytest_args = parser.parse_known_args()
    if pytest_args and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(pytest_args)}")
    args.pytest_args = pytest_args
    try:
        args.func(args)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
