"""Every kind of page the site serves, in one place, for the checks that go over all of them.

The accessibility test (axe-core) and the Content-Security-Policy tests (header and Chromium)
visit what this module lists, on the demo site (`load_demo`):

- every creatable page type of the project's apps, found in Wagtail's registry, so a new page
  type is checked as soon as `load_demo` makes a live page of it;
- ``URL_NAMES``: non-page HTML views by URL name;
- ``SUBPAGES``: routable subpages of a page type (forms, version lists);
- ``content_paths()``: pages of demo content that are not Wagtail pages (a topic, a post);
- ``ADMIN_PATHS``: admin screens, which have a policy of their own.

A new page belongs in one of these lists.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from wagtail.models import Page, get_page_models

DEMO_MEMBER = ("anouk@flexibelopleiden.example", "demo-lid-2022")
DEMO_ADMIN = ("admin@flexibelopleiden.example", "demo-admin-2022")

# Non-page HTML views: (url name, reverse kwargs, query string); kwargs may name demo content.
URL_NAMES: list[tuple[str, dict[str, str], str]] = [
    ("account_signup", {}, ""),
    ("account_login", {}, ""),
    ("account_reset_password", {}, ""),
    ("account_reset_password_done", {}, ""),
    ("account_email_verification_sent", {}, ""),
    ("account_logout", {}, ""),
    ("account_change_password", {}, ""),
    ("account_email", {}, ""),
    ("community:profile_edit", {}, ""),
    ("member_directory", {}, ""),
    ("member_directory", {}, "q=zij-instroom&region=Zeeland"),
    ("community:profile", {"username": "anouk"}, ""),
    ("community:bookmarks", {}, ""),
    ("community:notifications", {}, ""),
    ("community:my_data", {}, ""),
    ("community:erase_account", {}, ""),
    ("search:search", {}, "q=flexibel"),
]

# Routable subpages that answer GET with HTML: (page model label, route name).
SUBPAGES: list[tuple[str, str]] = [
    ("community.BespreekpuntPage", "new_topic"),
    ("knowledge.ManifestPage", "versions"),
    ("knowledge.KnowledgeIndexPage", "write"),
    ("knowledge.KnowledgeIndexPage", "mine"),
]

# Admin screens (relative to the site root); {home} is the Dutch home page's id.
ADMIN_PATHS: list[str] = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{home}/edit/",
    "/admin/pages/{home}/",
    "/django-admin/",
]


def project_page_types() -> list[str]:
    """Labels of the creatable page models defined in this project's own apps."""
    base = Path(settings.BASE_DIR)
    return sorted(
        model._meta.label
        for model in get_page_models()
        if model.is_creatable
        and Path(model._meta.app_config.path).is_relative_to(base)
        and ".venv" not in Path(model._meta.app_config.path).parts
    )


def restore_migrated_state() -> None:
    """Empty the database and bring back what the migrations made, as a serialized rollback does."""
    # Sequences keep counting (as in Django's own rollback): the restored rows keep their ids.
    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )
    serialized = connection._test_serialized_contents  # type: ignore[attr-defined]
    connection.creation.deserialize_db_from_string(serialized)
    cache.clear()


def first_live_pages() -> dict[tuple[str, str], Page]:
    """The first live page of each (page type label, language)."""
    pages: dict[tuple[str, str], Page] = {}
    live = Page.objects.live().filter(depth__gt=1).specific().select_related("locale")
    for page in live.order_by("path"):
        pages.setdefault((page.specific_class._meta.label, page.locale.language_code), page)
    return pages


def first_live_page_urls() -> dict[tuple[str, str], str]:
    return {key: page.get_url() for key, page in first_live_pages().items()}


def subpage_paths(language: str) -> dict[str, str]:
    """{"<label> <route>": path} for SUBPAGES on the demo site."""
    pages = first_live_pages()
    paths = {}
    for label, route in SUBPAGES:
        page = pages[(label, language)]
        with translation.override(language):
            paths[f"{label} {route}"] = page.get_url() + page.reverse_subpage(route)
    return paths


def content_paths(language: str) -> dict[str, str]:
    """Pages of demo content that are not Wagtail pages: a topic, its reply form, a post (where
    the demo has a topic with a reply in that language)."""
    from community.models import Topic
    from community.views.context import post_url, reply_url, topic_url

    topic = (
        Topic.objects.filter(bespreekpunt__locale__language_code=language, posts__number=2)
        .select_related("bespreekpunt")
        .order_by("pk")
        .first()
    )
    if topic is None:
        return {}
    page = topic.bespreekpunt.specific
    with translation.override(language):
        return {
            "topic": topic_url(page, topic),
            "topic reply": reply_url(page, topic),
            "post": post_url(page, topic, 2),
        }


def public_paths(language: str) -> dict[str, str]:
    """Every public path of the demo site in a language, by a readable name."""
    from django.urls import reverse

    urls = first_live_page_urls().items()
    # A page type without a demo page is reported by the accessibility test.
    paths = {label: url for (label, lang), url in urls if lang == language}
    with translation.override(language):
        for name, kwargs, query in URL_NAMES:
            query = f"?{query}" if query else ""
            paths[name + query] = reverse(name, kwargs=kwargs) + query
    paths.update(subpage_paths(language))
    paths.update(content_paths(language))
    paths["not found"] = f"/{language}/bestaat-niet/"
    paths["API docs"] = "/api/community/docs"
    return paths


def admin_paths() -> list[str]:
    home = first_live_pages()[("home.HomePage", "nl")]
    return [path.format(home=home.pk) for path in ADMIN_PATHS]
