from collections.abc import Callable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from community.models import BespreekpuntIndexPage
from events.models import EventIndexPage
from home.shell_cache import cached
from knowledge.models import KnowledgeIndexPage, ManifestPage

# The header's sections in their fixed order: (page type, label).
NAVIGATION: list[tuple[type[Page], Promise]] = [
    (ManifestPage, _("Manifesto")),
    (BespreekpuntIndexPage, _("Discussion points")),
    (EventIndexPage, _("Events")),
    (KnowledgeIndexPage, _("Knowledge base")),
]


def _section_urls(request: HttpRequest) -> list[tuple[str, str]]:
    """One query for the section pages of the active language; missing ones are left out."""
    model_names = [model._meta.model_name for model, _label in NAVIGATION]
    pages = {
        page.content_type.model_class(): page
        for page in Page.objects.live()
        .filter(locale=Locale.get_active(), content_type__model__in=model_names)
        .select_related("content_type")
        .order_by("path")
    }
    urls = []
    for model, _label in NAVIGATION:
        page = pages.get(model)
        url = page.get_url(request) if page is not None else None
        if url:
            urls.append((model._meta.model_name, url))
    return urls


def _build_navigation(request: HttpRequest) -> list[dict[str, object]]:
    site = Site.find_for_request(request)
    urls = dict(
        cached(f"nav:{site.pk if site else 0}:{get_language()}", lambda: _section_urls(request))
    )
    items = [
        _item(request, str(label), urls[model._meta.model_name])
        for model, label in NAVIGATION
        if model._meta.model_name in urls
    ]
    items.append(_item(request, str(_("Search")), reverse("search:search")))
    return items


def _item(request: HttpRequest, label: str, url: str) -> dict[str, object]:
    return {"label": label, "url": url, "current": request.path.startswith(url)}


def navigation(request: HttpRequest) -> dict[str, Callable[[], object] | object]:
    return {"main_navigation": SimpleLazyObject(lambda: _build_navigation(request))}
