"""docker/compose.yaml and docker/Dockerfile agree with what the settings read.

No Docker engine runs in the test environment, so these tests read the files. The settings the
image runs (config.settings.production and the modules it imports, not dev or test) are parsed
with ast to find every environment variable they read; compose must set each one for web and
worker (or name it in OPTIONAL with a reason), and nothing else.
"""

import ast
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
SETTINGS_DIR = ROOT / "config" / "settings"
IMAGE_SETTINGS = "production"

APP_SERVICES = ("web", "worker")
REQUIRED = {
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
}
# Read by the settings, deliberately left to their defaults in compose.
OPTIONAL = {
    "CACHE_KEY_PREFIX": "only needed when several sites share one Redis; compose has its own",
    "CHANNEL_PREFIX": "only needed when several sites share one Redis; compose has its own",
    "LOG_LEVEL_FRAMEWORK": "a debugging knob for Wagtail's and the task queue's chatty loggers",
    "COMMUNITY_FLAGS_TO_HIDE": "a moderation policy with a sensible default (3 flags)",
    "COMMUNITY_APPROVE_FIRST_POSTS": "a moderation policy with a sensible default (2 posts)",
    "COMMUNITY_REPLY_DOMAIN": "reply by email needs a mail server routed to receive_email first",
    "COMMUNITY_REPLY_LOCAL_PART": "the reply address's local part, with a default ('reply')",
    "DATABASE_CONNECT_TIMEOUT": "fault tolerance with a sensible default (5 s)",
    "DATABASE_POOL_TIMEOUT": "fault tolerance with a sensible default (5 s)",
    "EMAIL_TIMEOUT": "fault tolerance with a sensible default (30 s)",
    "KNOWLEDGE_AMENDMENT_QUORUM": "a decision policy with a documented default",
    "TASKS_RUNNING_TIMEOUT": "when a running task counts as abandoned, with a sensible default",
}
# Read by the image's command rather than by the settings; (service, variable).
PROCESS_VARIABLES = {("web", "WEB_CONCURRENCY")}

ENV_HELPERS = {"env", "env_bool", "env_list"}


def _reads_environment(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ENV_HELPERS or func.id == "getenv"
    if isinstance(func, ast.Attribute):
        owner = func.value
        return (func.attr == "getenv" and isinstance(owner, ast.Name) and owner.id == "os") or (
            func.attr == "get" and isinstance(owner, ast.Attribute) and owner.attr == "environ"
        )
    return False


def _name_read(node: ast.AST) -> ast.expr | None:
    """The expression naming the variable that node reads from the environment, if it reads one.

    dj_database_url.config() reads DATABASE_URL unless given another name with env=.
    """
    if isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("environ"):
        return node.slice
    if not isinstance(node, ast.Call):
        return None
    if ast.unparse(node.func) == "dj_database_url.config":
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        return keywords.get("env", ast.Constant("DATABASE_URL"))
    if _reads_environment(node):
        return node.args[0] if node.args else ast.Constant(None)
    return None


def _names_read(tree: ast.Module) -> tuple[set[str], list[str]]:
    """Variable names the module reads, and the source of reads whose name is not a literal.

    The env helpers' own bodies are skipped: they read whatever name they are given.
    """
    names: set[str] = set()
    unreadable: list[str] = []
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef) and statement.name in ENV_HELPERS:
            continue
        for node in ast.walk(statement):
            name = _name_read(node)
            if name is None:
                continue
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                names.add(name.value)
            else:
                unreadable.append(ast.unparse(node))
    return names, unreadable


def _settings_chain(module: str) -> list[Path]:
    """The settings module and, transitively, the sibling settings modules it imports."""
    chain: list[Path] = []
    pending = [module]
    while pending:
        path = SETTINGS_DIR / f"{pending.pop()}.py"
        if path in chain:
            continue
        chain.append(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                pending.append(node.module)
    return chain


def settings_variables() -> set[str]:
    names: set[str] = set()
    for path in _settings_chain(IMAGE_SETTINGS):
        found, unreadable = _names_read(ast.parse(path.read_text(), filename=str(path)))
        assert not unreadable, f"{path.name} reads variables by computed name: {unreadable}"
        names |= found
    return names


def _environment(service: dict) -> dict[str, object]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
    return dict(environment)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (DOCKER / "Dockerfile").read_text()


def test_scanner_sees_the_variables_base_settings_read():
    found = settings_variables()
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "TASKS_BACKEND"} <= found
    assert {"SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"} <= found


def test_scanner_finds_every_form_of_reading_the_environment():
    source = (
        'A = env("A")\nB = env_bool("B", True)\nC = env_list("C")\nD = os.environ.get("D")\n'
        'E = os.environ["E"]\nF = os.getenv("F")\nG = dj_database_url.config()\n'
        "def env(name):\n    return os.environ.get(name)\n"
    )
    names, unreadable = _names_read(ast.parse(source))
    assert names == {"A", "B", "C", "D", "E", "F", "DATABASE_URL"}
    assert unreadable == []
    assert _names_read(ast.parse("X = env(PREFIX + 'KEY')"))[1] == ["env(PREFIX + 'KEY')"]


def test_image_settings_are_production_and_its_imports():
    stems = [path.stem for path in _settings_chain(IMAGE_SETTINGS)]
    assert stems[0] == "production"
    assert "base" in stems
    assert not {"dev", "test"} & set(stems)


def test_compose_has_the_services(compose):
    assert {"web", "worker", "postgres", "redis", "elasticsearch"} <= set(compose["services"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_get_the_required_variables(compose, service):
    missing = REQUIRED - set(_environment(compose["services"][service]))
    assert not missing, f"{service} lacks {sorted(missing)}"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_variable_the_settings_read_is_set_or_optional(compose, service):
    unset = settings_variables() - set(_environment(compose["services"][service])) - set(OPTIONAL)
    assert not unset, f"{service} does not set {sorted(unset)}; set it or add it to OPTIONAL"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_sets_nothing_the_settings_never_read(compose, service):
    process = {name for owner, name in PROCESS_VARIABLES if owner == service}
    unread = set(_environment(compose["services"][service])) - settings_variables() - process
    assert not unread, f"{service} sets {sorted(unread)}, which no settings module reads"


def test_optional_variables_are_really_read():
    assert set(OPTIONAL) <= settings_variables()


def test_process_variables_are_used_by_the_image(dockerfile):
    for _service, name in PROCESS_VARIABLES:
        assert f"${{{name}" in dockerfile


def test_web_and_worker_share_one_environment(compose):
    web = _environment(compose["services"]["web"])
    worker = _environment(compose["services"]["worker"])
    process = {name for _service, name in PROCESS_VARIABLES}
    assert {k: v for k, v in web.items() if k not in process} == worker


def test_worker_runs_the_task_queue(compose):
    command = compose["services"]["worker"]["command"]
    command = command if isinstance(command, str) else " ".join(command)
    assert "manage.py db_worker" in command
    assert _environment(compose["services"]["worker"])["TASKS_BACKEND"] == "database"


def test_migrations_run_once_before_web_and_worker(compose):
    assert "manage.py migrate" in compose["services"]["migrate"]["command"]
    for service in APP_SERVICES:
        depends_on = compose["services"][service]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}


def test_web_healthcheck_is_valid_python(compose):
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    compile(test[3], "healthcheck", "exec")
    assert "/healthz" in test[3]


def test_dockerfile_installs_the_runtime_lock_and_runs_uvicorn_unprivileged(dockerfile):
    # Only the runtime lock; tests/home/test_image.py checks that it holds no tools.
    assert "pip install -r requirements-runtime.lock" in dockerfile
    assert f"DJANGO_SETTINGS_MODULE=config.settings.{IMAGE_SETTINGS}" in dockerfile
    assert "collectstatic" in dockerfile
    assert "compile_translations" in dockerfile
    assert "\nUSER app\n" in dockerfile
    assert "uvicorn config.asgi:application" in dockerfile
