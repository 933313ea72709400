"""Settings shared by every environment.

Everything that differs between the embedded default (SQLite, in-memory channel layer, database
search, immediate tasks) and production (PostgreSQL, Redis, Elasticsearch, a task worker) is read
from the environment here, so one code path serves both. The README lists every variable.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "community",
    "events",
    "knowledge",
    "search",
    "channels",
    "csp",
    # Only for its templates and static files: the API docs then load Swagger UI from the site
    # itself instead of a CDN, which the Content-Security-Policy would refuse.
    "ninja",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so every response gets its Content-Security-Policy, cached replays too (home.csp).
    "home.csp.SitePolicyMiddleware",
    # A GET request reads each cache token once (community.memo).
    "community.memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached bespreekpunt/topic pages to visitors without a session (see community.cache).
    "community.cache.AnonymousPageCacheMiddleware",
    # Wagtail's site for the request, from the shell cache (one query less on every page).
    "home.middleware.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A 404 written with the other language's URL words redirects to this language's words.
    "home.middleware.TranslatedPathMiddleware",
    # Query strings that are not UTF-8, and addresses or query strings with NUL, answer 400.
    "home.middleware.ReadableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Counts members' daily visits (trust levels); one UPDATE on the first request of the day.
    "community.middleware.VisitMiddleware",
    # Rate limits see the client address; RateLimited becomes a 429 page.
    "community.middleware.RateLimitMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form sent without a login answers 403 with its text kept, not a redirect (home.views).
    "home.middleware.LoginForPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's routing of an address, kept per process until pages change (home.routing).
    "home.routing.CachedRouteMiddleware",
]

# Content-Security-Policy (django-csp, home.csp). Public pages: everything from the site itself,
# nothing inline, so no 'unsafe-inline', nonces or hashes; websockets are 'self' too. Images may
# also be data: URIs (Swagger UI's icons in its stylesheet).
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail and Django admins write inline scripts and styles, preview pages in frames of
# their own and show images and embeds from other sites; still nothing from other sites runs.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CONTENT_SECURITY_POLICY_ADMIN: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "frame-src": ["'self'", "https:"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

# Databases: SQLite on the embedded default, PostgreSQL (or anything dj-database-url reads)
# through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer (a network fault, a host that went away) fails a connection
    # attempt after this many seconds instead of the operating system's minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "5"))
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each server process keeps its two connections (see config.asgi.ReadWriteThreadsASGIHandler).
    DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "600"))
    # WAL lets readers go on while one writer commits; the timeout makes writers queue. WAL is
    # kept in the database file, so migrate switches it on once (home.database); asking again
    # on every connection (each ASGI request opens one) took a quarter of a member's request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
CHANNEL_LAYERS: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis's cache, which goes on without Redis while it is away (config.cache).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "fo"),
            # A Redis that does not answer is given up on quickly, not after the OS's minutes.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # Pub/sub: one PUBLISH per group send, fanned out inside each server process; measured about
    # 3x faster than RedisChannelLayer for 1,000 readers of a topic (bench/bench_websockets.py).
    # Both deliver at most once; clients resync from the database on every reconnect.
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis's layer that has its sockets resync after Redis cut it off.
            "BACKEND": "community.realtime.layer.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env("CHANNEL_PREFIX", "fo")},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background tasks: immediate on the embedded default, the database queue (with
# `manage.py db_worker` as the worker process) when TASKS_BACKEND=database.
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# A task RUNNING this long (seconds) belongs to a worker that died, even on another host; the
# next worker to start queues it again (home.worker). Tasks must be idempotent.
TASKS_RUNNING_TIMEOUT = int(env("TASKS_RUNNING_TIMEOUT", "3600"))

# Search: Wagtail's database backend unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
WAGTAILSEARCH_BACKENDS: dict[str, dict[str, object]] = {
    "database": {"BACKEND": "wagtail.search.backends.database"},
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX": env("ELASTICSEARCH_INDEX", "flexibel-opleiden"),
        "TIMEOUT": 5,
    }
else:
    WAGTAILSEARCH_BACKENDS["default"] = WAGTAILSEARCH_BACKENDS["database"]
# The database search ranks and counts at most this many matches of a text query (0: all);
# beyond it the page says "more than 1,000 results" and facet counts are lower bounds.
SEARCH_MAX_CANDIDATES = 1000

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): members sign in with their email address, which must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Members are told plainly that an address is taken, rather than sent a silent email: the
# member directory is public anyway, so enumeration protection would buy little here.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupProfileForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Flexibel Opleiden] "
# Sign-up and login limits ("count/period/per", per ip, key = the email address, or user);
# allauth answers with our 429.html. The keys not named here keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "signup": "5/m/ip,20/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
LOGIN_REDIRECT_URL = "community:profile_edit"
LOGIN_URL = "account_login"
# CSRF failures get a page in the member's language that shows back what they typed.
CSRF_FAILURE_VIEW = "home.views.csrf_failure"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds an SMTP connection may stall before the send fails (and its task with it), so a hung
# mail server never holds a task worker forever.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Flexibel Opleiden <noreply@flexibelopleiden.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: Dutch first, English second; both carry a URL prefix.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Flexibel Opleiden"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar avatars in the admin: they would send a hash of each editor's email address to
# another site, and the admin's Content-Security-Policy loads images from https: only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Moderation: a post is hidden until a moderator reviews it once this many members of trust
# level 1 or higher have flagged it (a moderator's flag alone is enough).
COMMUNITY_FLAGS_TO_HIDE = int(env("COMMUNITY_FLAGS_TO_HIDE", "3"))

# Manifest amendments (knowledge.amendments): members who must consent before an editor can
# adopt a proposal; any objection that stands blocks it.
KNOWLEDGE_AMENDMENT_QUORUM = int(env("KNOWLEDGE_AMENDMENT_QUORUM", "3"))

# Trust levels (community.trust): a member rises to a level once they reach all of its
# thresholds, and never falls by itself; moderators can set (and so fix) a level. posts_read:
# posts their read marker has passed; days_visited: days with a visit; posts: visible posts
# written; flag_points: the most flag points allowed in the last flag_days days, where an
# upheld flag (post hidden or deleted) weighs COMMUNITY_TRUST_FLAG_POINTS["upheld"] and an open
# one ["open"] (dismissed flags weigh nothing).
COMMUNITY_TRUST_LEVELS = {
    1: {"posts_read": 20, "days_visited": 2, "posts": 1},
    2: {"posts_read": 100, "days_visited": 10, "posts": 10, "flag_points": 2, "flag_days": 30},
    3: {"posts_read": 500, "days_visited": 50, "posts": 50, "flag_points": 2, "flag_days": 90},
    4: {"posts_read": 2000, "days_visited": 150, "posts": 200, "flag_points": 0, "flag_days": 90},
}
COMMUNITY_TRUST_FLAG_POINTS = {"upheld": 3, "open": 1}
# New members (trust level 0): their first posts wait for a moderator while they have fewer
# approved posts than this (0: no approval needed), and each post may hold a few links (to other
# sites) and images; they start a few topics a day at most.
COMMUNITY_APPROVE_FIRST_POSTS = int(env("COMMUNITY_APPROVE_FIRST_POSTS", "2"))
COMMUNITY_NEW_MEMBER_MAX_LINKS = 2
COMMUNITY_NEW_MEMBER_MAX_IMAGES = 0
COMMUNITY_NEW_MEMBER_TOPICS_PER_DAY = 3

# Rate limits (community.ratelimit), fixed windows in the cache: "count/period" with period
# s, m, h or d (optionally a multiple: "100/6h"), several separated by commas; a missing or
# empty entry means no limit. Per member, and more generously per IP address, since a school
# or institute network often shares one address.
COMMUNITY_RATE_LIMITS = {
    "post": "10/m,100/h",
    "topic": "3/m,20/h",
    "react": "30/m",
    "flag": "10/m,50/d",
    "bookmark": "60/m",
    "draft": "120/m",
}
COMMUNITY_RATE_LIMITS_PER_IP = {
    "post": "60/m",
    "topic": "20/m",
    "react": "200/m",
    "flag": "60/m",
    "bookmark": "300/m",
    "draft": "600/m",
}

# Reply by email (community.email_replies): notification emails carry a signed Reply-To
# address <COMMUNITY_REPLY_LOCAL_PART>+<member>-<topic>-<signature>@COMMUNITY_REPLY_DOMAIN per
# member and topic; the mail server for that domain pipes what arrives into
# `manage.py receive_email`. Empty: notification emails carry no reply address.
COMMUNITY_REPLY_DOMAIN = env("COMMUNITY_REPLY_DOMAIN", "").strip().lower()
COMMUNITY_REPLY_LOCAL_PART = env("COMMUNITY_REPLY_LOCAL_PART", "reply").strip().lower()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Page and task bookkeeping is chatty at INFO; keep it for when LOG_LEVEL=DEBUG.
    "loggers": {
        **{
            name: {"level": env("LOG_LEVEL_FRAMEWORK", "WARNING")}
            for name in ("wagtail", "django_tasks", "django_tasks_db", "modelsearch")
        },
        # Django's logging setup closes the handlers uvicorn installed before it loaded the app;
        # hand uvicorn's records to the root handler instead.
        **{name: {"handlers": [], "propagate": True} for name in ("uvicorn", "uvicorn.access")},
    },
}
