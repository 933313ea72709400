"""Request-wide pieces of the site shell."""

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from community.cache import hashed_key
from home.shell_cache import cached


class CachedSiteMiddleware:
    """Finds the request's Wagtail site in the shell cache instead of the database.

    Wagtail looks the site up once per request (routing, URLs, settings) and keeps it on
    `request._wagtail_site`; setting that here saves the query on every page. Sites change
    rarely, and saving or deleting one bumps the shell's version (home.signal_handlers).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The host as Wagtail reads it (before the ALLOWED_HOSTS check, which comes later).
        hostname = split_domain_port(request._get_raw_host())[0]  # type: ignore[attr-defined]
        site = cached(
            hashed_key("site", f"{hostname}:{request.get_port()}"),
            lambda: Site.find_for_request(request),
        )
        if site is not None:
            request._wagtail_site = site  # type: ignore[attr-defined]
        return self.get_response(request)
