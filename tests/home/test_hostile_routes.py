"""No public address takes an unbounded number: every id in a route is `<id:...>`
(community/converters.py), so a 19+ digit number answers 404 instead of a 500 on SQLite.
Guards the routes added later too."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from wagtail.contrib.routable_page.models import RoutablePageMixin

from community.converters import IdConverter
from config.routing import websocket_urlpatterns

# Editors' screens are behind a login and a permission; Wagtail's own routes are its own
# (its password form for private pages, "_util/authenticate_with_password/", still takes
# <int:>: a known gap on SQLite, left to Wagtail).
_OUT_OF_SCOPE = ("admin/", "django-admin/", "documents/")
_WAGTAIL = "/_util/"


def _unbounded(patterns, prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(_OUT_OF_SCOPE) or _WAGTAIL in f"/{route}":
            continue
        converters = getattr(pattern.pattern, "converters", {})
        if any(type(c) is IntConverter for c in converters.values()):
            found.append(route)
        if isinstance(pattern, URLResolver):
            found += _unbounded(pattern.url_patterns, route)
        assert isinstance(pattern, URLPattern | URLResolver)
    return found


def test_no_route_takes_an_unbounded_number():
    assert _unbounded(get_resolver().url_patterns) == []
    assert _unbounded(websocket_urlpatterns) == []
    for model in apps.get_models():
        if issubclass(model, RoutablePageMixin):
            assert _unbounded(model.get_subpage_urls()) == [], model.__name__


def test_the_id_converter_stops_at_18_digits():
    assert IdConverter().to_python("1" * 18) == int("1" * 18)
    assert IdConverter.regex == "[0-9]{1,18}"
