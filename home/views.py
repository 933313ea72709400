import sys
from urllib.parse import urlencode, urlsplit

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from home import directory

# Form fields never shown back on an error page: secrets and Django's own token.
_SECRET_FIELDS = ("csrfmiddlewaretoken", "password", "confirmation", "token")
_KEPT_CHARACTERS = 20_000

# Seconds a client is asked to wait when the database is out of reach (a restart, a failover).
RETRY_AFTER = 30


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and the bench: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _database_unreachable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors: they may be what failed.

    When the database cannot be reached (it restarts, the pool gave up waiting for a
    connection), a 503 that says so and when to come back instead: nothing is wrong with what
    the visitor did. Django calls this inside the handling of the exception (asgiref keeps it
    so across threads), so sys.exc_info() is the error.
    """
    if _database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page. A view's own BadRequest carries a message for the member and a request
    that reached the view; anything else (a forbidden host, a broken cookie, a body too large)
    is rendered without context processors: the request may be what they cannot read."""
    if type(exception) is BadRequest:
        return render(
            request,
            "400_refused.html",
            {"message": str(exception), "kept": kept_input(request)},
            status=400,
        )
    return HttpResponse(loader.get_template("400.html").render(), status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page with the reason the permission check gave, in the member's language."""
    return render(
        request,
        "403.html",
        {"message": str(exception), "kept": kept_input(request), "login_url": _login_url(request)},
        status=403,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (an expired session, another site): refused with
    what the member typed shown back, so nothing is lost. The API answers in JSON."""
    if request.path.startswith("/api/"):
        detail = _("Log in first (and send the CSRF token with requests that change something).")
        return JsonResponse({"detail": detail}, status=403)
    return render(
        request,
        "403_csrf.html",
        {"kept": kept_input(request), "back_url": _same_site_referer(request)},
        status=403,
    )


def login_required_for_post(request: HttpRequest) -> HttpResponse:
    """A visitor (or a member whose session ended) sent a form that needs a login. A redirect to
    the login page would drop what they typed, so they get a 403 with the text shown back and
    a login link that returns them to the form."""
    return render(
        request,
        "403_login.html",
        {"kept": kept_input(request), "login_url": _login_url(request)},
        status=403,
    )


def kept_input(request: HttpRequest) -> list[tuple[str, str]]:
    """The text fields of a refused form, for the member to copy (no secrets, bounded)."""
    if request.method != "POST":
        return []
    try:
        fields = request.POST.lists()
    except Exception:  # noqa: BLE001 - a body Django cannot parse has nothing to show back
        return []
    kept = []
    for name, values in fields:
        if any(secret in name.lower() for secret in _SECRET_FIELDS):
            continue
        text = "\n".join(value for value in values if value.strip())
        if text:
            kept.append((name, text[:_KEPT_CHARACTERS]))
    return kept


def _same_site_referer(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def _login_url(request: HttpRequest) -> str:
    """The login page, returning to the form the member came from (or the page they asked)."""
    back = _same_site_referer(request) or request.get_full_path()
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back})}"


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's page for an email confirmation link, answering 400 (not 200) when the key was
    altered, has expired or was used already: nothing was confirmed."""

    def get(self, *args, **kwargs) -> HttpResponse:
        response = super().get(*args, **kwargs)
        if self.object is None:
            response.status_code = 400
        return response


class PasswordResetFromKeyView(allauth_views.PasswordResetFromKeyView):
    """allauth's password reset page, answering 400 (not 200) when the key is not valid."""

    def dispatch(self, request: HttpRequest, uidb36, key, **kwargs):
        response = super().dispatch(request, uidb36, key, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("token_fail"):
            response.status_code = 400
        return response


@login_required
def member_directory(request: HttpRequest) -> HttpResponse:
    """Vind elkaar: listed members, filtered and searched; logged-in members only."""
    # Every filter is optional: no query at all is a valid search for everyone listed.
    form = directory.DirectoryForm(request.GET)
    members = form.search() if form.is_valid() else directory.listed_profiles().none()
    page = directory.paginate(form, members.select_related("user"), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "entries": directory.page_entries(request.user, page),
        "query": query.urlencode(),
    }
    return render(request, "home/directory.html", context)
