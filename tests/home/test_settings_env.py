"""The environment docker/compose.yaml gives web and worker yields a working production config.

Settings read the environment when imported, so each case imports config.settings.production in a
fresh interpreter with compose's values (its ${NAME:-default} defaults filled in, as compose does
when nothing overrides them) and reports the resulting settings as JSON.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
REPORT = """
import json
from config.settings import production as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "DATABASE_ENGINE": s.DATABASES["default"]["ENGINE"],
    "DATABASE_HOST": s.DATABASES["default"]["HOST"],
    "CONN_MAX_AGE": s.DATABASES["default"]["CONN_MAX_AGE"],
    "CACHE": s.CACHES["default"]["BACKEND"],
    "CHANNEL_LAYER": s.CHANNEL_LAYERS["default"]["BACKEND"],
    "SEARCH": s.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "TASKS": s.TASKS["default"]["BACKEND"],
    "EMAIL_PORT": s.EMAIL_PORT,
    "EMAIL_USE_TLS": s.EMAIL_USE_TLS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "MEDIA_ROOT": str(s.MEDIA_ROOT),
}))
"""


def interpolate(value: str, shell: dict[str, str]) -> str:
    """Compose's variable substitution, for the forms compose.yaml uses."""

    def substitute(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        current = shell.get(name)
        if op and op.startswith(":") and current == "":
            current = None
        if current is not None:
            return current
        if op and op.endswith("?"):
            raise KeyError(f"{name} is required: {arg}")
        return arg if op else ""

    return INTERPOLATION.sub(substitute, value)


def production_settings(shell: dict[str, str], service: str = "web") -> dict:
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    environment = compose["services"][service]["environment"]
    resolved = {name: interpolate(str(value), shell) for name, value in environment.items()}
    # Only the interpreter's own needs come from outside; the settings see compose's values.
    env = {"PATH": os.environ.get("PATH", ""), **resolved}
    done = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_interpolation_follows_compose_rules():
    assert interpolate("${A:-x}", {}) == "x"
    assert interpolate("${A:-x}", {"A": ""}) == "x"
    assert interpolate("${A-x}", {"A": ""}) == ""
    assert interpolate("a${A}b", {"A": "1"}) == "a1b"
    assert interpolate("${A}", {}) == ""
    with pytest.raises(KeyError, match="A is required: set it"):
        interpolate("${A:?set it}", {})


def test_compose_refuses_to_start_without_a_secret_key():
    with pytest.raises(KeyError, match="SECRET_KEY"):
        production_settings({})


@pytest.mark.parametrize("service", ["web", "worker"])
def test_compose_defaults_give_the_full_production_stack(service):
    settings = production_settings({"SECRET_KEY": "x" * 50}, service)
    assert settings["DEBUG"] is False
    assert settings["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert settings["DATABASE_HOST"] == "postgres"
    assert settings["CONN_MAX_AGE"] == 0
    assert settings["CACHE"] == "config.cache.ResilientRedisCache"
    assert settings["CHANNEL_LAYER"] == "community.realtime.layer.RedisPubSubChannelLayer"
    assert settings["SEARCH"] == "wagtail.search.backends.elasticsearch9"
    assert settings["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert settings["EMAIL_PORT"] == 25
    assert settings["EMAIL_USE_TLS"] is False
    assert settings["MEDIA_ROOT"] == "/app/var/media"
    # The web healthcheck calls 127.0.0.1 inside the container.
    assert "127.0.0.1" in settings["ALLOWED_HOSTS"]


def test_local_defaults_serve_plain_http_and_production_overrides_turn_https_on():
    local = production_settings({"SECRET_KEY": "x" * 50})
    assert local["SECURE_SSL_REDIRECT"] is False
    assert local["SESSION_COOKIE_SECURE"] is False
    assert local["SECURE_HSTS_SECONDS"] == 0
    behind_tls = production_settings(
        {
            "SECRET_KEY": "x" * 50,
            "SECURE_SSL_REDIRECT": "1",
            "SECURE_COOKIES": "1",
            "SECURE_HSTS_SECONDS": "31536000",
            "EMAIL_PORT": "587",
            "EMAIL_USE_TLS": "1",
        }
    )
    assert behind_tls["SECURE_SSL_REDIRECT"] is True
    assert behind_tls["SESSION_COOKIE_SECURE"] is True
    assert behind_tls["SECURE_HSTS_SECONDS"] == 31536000
    assert (behind_tls["EMAIL_PORT"], behind_tls["EMAIL_USE_TLS"]) == (587, True)
