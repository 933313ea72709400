"""Wagtail's page routing, kept in process memory between page changes.

Routing a topic address walks the page tree from the site's root: the active locale, the
localized root, the index, the bespreekpunt, each a query (a fifth of a member's topic
request). The route of an address depends only on the pages, so it is kept per process under
the shell version and the site token, both replaced by every page save, publish, move or
deletion and every view restriction change (home.shell_cache, community.cache). Pages handed
out again this way are shared by requests and are read, never changed.
"""

from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.views import serve

from community import memo
from community.cache import current_site_token
from home import shell_cache

ROUTES = memo.LocalValues(2048)


def _route_key(request: HttpRequest, path: str) -> str | None:
    site = Site.find_for_request(request)
    shell, pages = shell_cache.version(), current_site_token()
    if site is None or None in (shell, pages):
        return None
    return repr((site.pk, translation.get_language(), path, shell, pages))


class CachedRouteMiddleware:
    """Hands Wagtail's serve view a route found earlier for the same address and pages."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is not serve or request.method not in ("GET", "HEAD") or not view_args:
            return
        key = _route_key(request, view_args[0])
        if key is None:
            return
        route = ROUTES.get(key)
        if route is None:
            route = Page.route_for_request(request, view_args[0])
            if route is not None:
                ROUTES.set(key, route)
        request._wagtail_route_for_request = route  # type: ignore[attr-defined]
