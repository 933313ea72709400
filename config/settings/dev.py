"""The embedded default: runs with no server installed and no environment variables."""

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
