"""Settings for the test suite: fast hashing, mail kept in memory, tasks run immediately.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on SQLite and on PostgreSQL/Redis.
"""

import os

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, REDIS_URL, STORAGES

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
ALLOWED_HOSTS = ["*"]
# The wildcard above never counts for websockets (config.websocket): the test client's and the
# live server's hosts do.
WEBSOCKET_ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Each pytest-xdist worker gets its own Redis database, so clearing the cache between tests
# (tests/conftest.py) never touches another worker's keys.
if REDIS_URL:
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _redis_url = f"{REDIS_URL.rsplit('/', 1)[0]}/{1 + int(_worker or 0)}"
    CACHES["default"]["LOCATION"] = _redis_url
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [_redis_url]
