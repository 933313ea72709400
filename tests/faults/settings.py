"""The production settings for the fault tests' site and worker processes, with static files
served from the source folders (no collectstatic per test)."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The faults under test are the servers'; members post as fast as the tests make them.
COMMUNITY_RATE_LIMITS = {}
COMMUNITY_RATE_LIMITS_PER_IP = {}
