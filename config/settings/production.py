"""Production: everything comes from the environment; refuses to start without a SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")

DEBUG = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", True
):
    # Django's ASGI handler runs each request's code in a thread of its own, so a connection
    # kept per thread (CONN_MAX_AGE) is never reused and every request would connect anew;
    # a pool per process is shared by those threads. Keep workers x size under the server's
    # max_connections. A request waits at most DATABASE_POOL_TIMEOUT seconds for a connection,
    # then gets the 503 page (home.views.server_error): while the server restarts, none hangs.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(env("DATABASE_POOL_SIZE", "10")),
        "timeout": float(env("DATABASE_POOL_TIMEOUT", "5")),
    }
TASKS_BACKEND = env("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")

# HTTPS everywhere; the proxy in front tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
