"""The embedded default: runs with no server installed and no environment variables."""

from .base import *  # noqa: F403
from .base import STORAGES, env, env_bool, env_list

# Off by default so a new user sees the friendly 404 and 500 pages; DEBUG=1 for tracebacks.
DEBUG = env_bool("DEBUG", False)
# Uploaded documents and images are served by Django itself on the embedded default.
SERVE_MEDIA = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
# Only the hosts the server is started for: `dev.py serve --host` passes them in ALLOWED_HOSTS
# (the machine's names and addresses for 0.0.0.0), so neither a foreign Host nor a foreign
# websocket Origin is accepted when the demo is served on a network.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
