"""The site's URLs plus a bare view: the floor the framework sets under any page.

The site's patterns are spliced in rather than include()d, because LocaleMiddleware only adds
the /nl/ prefix handling when i18n_patterns sit in the root URLconf.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare", bare), *site_urlpatterns]
