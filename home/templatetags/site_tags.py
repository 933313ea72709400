from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


@register.inclusion_tag("home/includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict[str, object]:
    """Links to this page in every language: its translation where one is live, else the home page.

    For views that are not Wagtail pages the same path is used under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations: dict[str, Page] = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            target = translations.get(code)
            if target is None:
                root = Page.objects.live().filter(depth=2, locale__language_code=code).first()
                target = root
            url = target.get_url(request) if target is not None else f"/{code}/"
        else:
            url = translate_url(request.get_full_path() if request else "/", code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": links}


@register.simple_tag
def active_locale() -> Locale:
    return Locale.get_active()
