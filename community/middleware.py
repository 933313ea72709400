"""Request-wide pieces of the community app: daily visits and rate-limited requests."""

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from community import trust
from community.ratelimit import RateLimited, request_scope

Handler = Callable[[HttpRequest], HttpResponse]


class VisitMiddleware:
    """Counts one visit per member per day (Profile.days_visited, for trust levels).

    A cache key remembers that today's visit is counted, so only the first request of the day
    writes (one UPDATE); every other request reads the cache and nothing else.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Visitors without a session cookie cannot be members: do not load a user for them.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            today = timezone.localdate()
            key = f"community:visit:{request.user.pk}:{today.isoformat()}"
            if cache.get(key) is None:
                trust.record_visit(request.user, today)
                cache.set(key, True, timeout=_seconds_until_tomorrow())
        return self.get_response(request)


def _seconds_until_tomorrow() -> int:
    now = timezone.localtime()
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)
    return max(int((tomorrow - now).total_seconds()), 1)


class RateLimitMiddleware:
    """Lets the rate limiter see the client address, and answers RateLimited with a 429 page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope(client_ip(request)):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        return too_many_requests(request, exception)


def too_many_requests(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = render(
        request,
        "429.html",
        {"message": str(error), "retry_after": error.retry_after},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def client_ip(request: HttpRequest) -> str:
    # allauth's adapter knows the proxy setup (ALLAUTH_TRUSTED_PROXY_COUNT), so sign-up, login
    # and our own limits count the same address.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no readable address: count such requests together
        return "unknown"
