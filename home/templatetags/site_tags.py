from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.shell_cache import cached

register = template.Library()


@register.inclusion_tag("home/includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict[str, object]:
    """Links to this page in every language: its translation where one is live, else the home page.

    For views that are not Wagtail pages the same path is used under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    page_urls = (
        cached(f"languages:{_site_id(request)}:{page.pk}", lambda: _translation_urls(request, page))
        if isinstance(page, Page)
        else {}
    )
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = page_urls.get(code, f"/{code}/")
        else:
            url = translate_url(request.get_full_path() if request else "/", code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": links}


def _site_id(request) -> int:
    site = Site.find_for_request(request) if request else None
    return site.pk if site else 0


def _translation_urls(request, page: Page) -> dict[str, str]:
    """The page's URL in each language: its live translation, else that language's home page."""
    translations = {
        translation.locale.language_code: translation
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    }
    urls = {}
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        if target is None:
            target = Page.objects.live().filter(depth=2, locale__language_code=code).first()
        url = target.get_url(request) if target is not None else None
        if url:
            urls[code] = url
    return urls


@register.simple_tag
def active_locale() -> Locale:
    return Locale.get_active()


@register.filter
def may_use_admin(user) -> bool:
    """Whether to show Wagtail's userbar. Its own check costs two permission queries on every
    page, so the answer is kept per member for a few minutes (members never have access)."""
    if not user.is_authenticated:
        return False
    key = f"home:admin-access:{user.pk}"
    allowed = cache.get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, allowed, 5 * 60)
    return allowed
