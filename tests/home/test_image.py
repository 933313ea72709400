"""The production image holds the site's runtime and nothing of its tools.

docker/Dockerfile installs requirements-runtime.lock and runs as an unprivileged user. That lock
is compiled without the dev extra and constrained by requirements.lock (regenerate the full lock
first), so the image gets exactly the versions the test suite ran with. No Docker engine is
assumed, so these tests read the files; the last one builds the image and looks inside when
``docker info`` answers.
"""

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / "docker" / "Dockerfile.dockerignore"
RUNTIME_LOCK = ROOT / "requirements-runtime.lock"
FULL_LOCK = ROOT / "requirements.lock"
# The code the image runs; tests/ and bench/ stay out of it (Dockerfile.dockerignore).
IMAGE_CODE = ["config", "home", "community", "events", "knowledge", "search", "manage.py"]
FIRST_PARTY = {"config", "home", "community", "events", "knowledge", "search"}

# Test runners, browser drivers, fuzzers, factories, linters, type checkers and test servers.
TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "mypy",
    "django-stubs",
    "factory-boy",
    "faker",
    "hypothesis",
    "hypothesis-jsonschema",
    "schemathesis",
    "coverage",
    "daphne",
    "httpx",
}
TOOL_PREFIXES = ("pytest", "types-", "mypy", "flake8", "pylint")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)", line)
        if match:
            pins[_normalise(match[1])] = match[2]
    return pins


def _requirement_name(requirement: str) -> str:
    return _normalise(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0])


@pytest.fixture(scope="module")
def runtime() -> dict[str, str]:
    return _pins(RUNTIME_LOCK)


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_runtime_lock_is_compiled_without_the_dev_extra_within_the_full_lock():
    header = RUNTIME_LOCK.read_text().splitlines()[:3]
    command = "#    uv pip compile pyproject.toml -c requirements.lock -o requirements-runtime.lock"
    assert command in header
    assert not any("--extra" in line or "--all-extras" in line for line in header)


def test_runtime_lock_has_no_test_tool(runtime):
    tools = sorted(name for name in runtime if name in TOOLS or name.startswith(TOOL_PREFIXES))
    assert not tools, f"requirements-runtime.lock installs tools: {tools}"


def test_the_tools_are_in_the_full_lock_so_the_check_means_something():
    full = _pins(FULL_LOCK)
    assert {"pytest", "playwright", "ruff", "mypy", "factory-boy", "hypothesis"} <= set(full)


def test_runtime_lock_holds_every_dependency(runtime, project):
    missing = {_requirement_name(req) for req in project["dependencies"]} - set(runtime)
    assert not missing, f"requirements-runtime.lock lacks {sorted(missing)}: recompile it"


def test_runtime_lock_pins_what_the_tests_ran_with(runtime):
    # The image must run the versions the suite was run against (requirements.lock).
    full = _pins(FULL_LOCK)
    differ = {name: (version, full.get(name)) for name, version in runtime.items()}
    differ = {name: pair for name, pair in differ.items() if pair[0] != pair[1]}
    assert not differ, (
        f"runtime lock and full lock disagree (runtime, full): {differ}; "
        "recompile the runtime lock with the command in its header"
    )


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def test_the_image_code_imports_only_runtime_packages(runtime):
    distributions = importlib.metadata.packages_distributions()
    outside: dict[str, set[str]] = {}
    for entry in IMAGE_CODE:
        target = ROOT / entry
        paths = [target] if target.is_file() else sorted(target.rglob("*.py"))
        for path in paths:
            for module in _imported_modules(path) - FIRST_PARTY - set(sys.stdlib_module_names):
                names = {_normalise(name) for name in distributions.get(module, [module])}
                if not names & set(runtime):
                    outside.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    assert not outside, f"imported by the image's code but not in the runtime lock: {outside}"


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_dockerfile_installs_only_the_runtime_lock():
    instructions = _instructions(DOCKERFILE.read_text())
    installs = [args for op, args in instructions if op == "RUN" and "pip install" in args]
    assert installs == ["pip install -r requirements-runtime.lock"]
    assert ("COPY", "requirements-runtime.lock ./") in instructions
    assert "requirements.lock" not in DOCKERFILE.read_text().replace("-runtime.lock", "")


def test_dockerfile_runs_as_a_non_root_user():
    instructions = _instructions(DOCKERFILE.read_text())
    users = [index for index, (op, _args) in enumerate(instructions) if op == "USER"]
    assert users, "the Dockerfile sets no USER, so the site would run as root"
    last = users[-1]
    assert instructions[last][1].split(":")[0] not in {"root", "0"}
    # Nothing after it switches back or runs as root; the command is what runs as that user.
    assert all(op not in {"RUN", "USER"} for op, _args in instructions[last + 1 :])
    assert any(op == "CMD" for op, _args in instructions[last + 1 :])


def test_tests_and_benchmarks_stay_out_of_the_image():
    ignored = {line.strip() for line in DOCKERIGNORE.read_text().splitlines()}
    assert {"/tests", "/bench", "/requirements.lock", ".venv"} <= ignored


def _docker_works() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except subprocess.TimeoutExpired:
        return False


@pytest.mark.skipif(not _docker_works(), reason="no Docker engine answers `docker info` here")
def test_the_built_image_has_no_tools_and_runs_unprivileged():
    tag = "flexibel-opleiden:test-image"
    subprocess.run(
        ["docker", "build", "-f", "docker/Dockerfile", "-t", tag, "."],
        cwd=ROOT,
        check=True,
        timeout=1800,
    )
    probe = (
        "import importlib.util, os; "
        "print(os.getuid(), *[m for m in ('pytest', 'playwright', 'ruff', 'mypy', 'factory', "
        "'hypothesis', 'daphne') if importlib.util.find_spec(m)])"
    )
    result = subprocess.run(
        ["docker", "run", "--rm", "-e", "SECRET_KEY=probe", tag, "python", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    uid, *tools = result.stdout.split()
    assert uid != "0"
    assert tools == []
