"""Request-wide pieces of the site shell."""

from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.http.request import split_domain_port
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from community.cache import hashed_key
from home.shell_cache import cached
from home.views import bad_request, login_required_for_post


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


class LoginForPostMiddleware:
    """A form sent without a login that a view answers with a redirect to the login page
    (login_required, redirect_to_login) gets a 403 instead, with the text shown back and a
    login link (home.views.login_required_for_post): a redirect would lose what was typed.
    Pages asked for with GET still redirect to the login page, as everywhere."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code == 302
            and not request.user.is_authenticated
            and urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
        ):
            return login_required_for_post(request)
        return response


class ReadableInputMiddleware:
    """Refuses, with the 400 page, a query string that is not UTF-8 and an address or query
    string holding NUL characters: Django would read them with replacement characters, and
    PostgreSQL refuses NUL in any query. Form bodies are left to the forms, which refuse both
    (community.actions) and keep the rest of the text."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " "))
        unreadable = b"\x00" in query or not _is_utf8(query) or "\x00" in request.path
        if not unreadable:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            detail = _("The request holds characters that cannot be read (not UTF-8, or NUL).")
            return JsonResponse({"detail": detail}, status=400)
        return bad_request(request, ValueError("a query string or form that is not UTF-8"))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class TranslatedPathMiddleware:
    """An address written with another language's URL words finds the page in this one.

    URL words are translated (`/nl/account/login/`, `/en/accounts/login/`), so
    `/accounts/login/`, which Django's LocaleMiddleware sends a Dutch browser to as
    `/nl/accounts/login/`, would be a 404. Only 404s are looked at: where the rest of the
    address names a view in another language, this answers with a permanent redirect to that
    view's address in the address's own language, query string kept. Wagtail pages are left
    out: their slugs belong to their own language's tree.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = translated_path(request.path_info)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))


def translated_path(path: str) -> str | None:
    """`path`'s view reversed in `path`'s language, when the words after the language prefix
    are another language's words for that view; else None."""
    language, _slash, rest = path.lstrip("/").partition("/")
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        return None
    for other in codes:
        if other == language:
            continue
        with translation.override(other):
            try:
                match = resolve(f"/{other}/{rest}")
            except Resolver404:
                continue
        if match.url_name in (None, "wagtail_serve"):
            continue
        with translation.override(language):
            try:
                target = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
        return target if target != path else None
    return None
