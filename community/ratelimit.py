"""Rate limits for members' writes: fixed-window counters in the Django cache.

Each action (post, topic, react, flag, bookmark, draft) is counted per member and per client IP
address, with limits from the settings COMMUNITY_RATE_LIMITS and COMMUNITY_RATE_LIMITS_PER_IP
("count/period", period s, m, h or d with an optional multiple: "10/m", "100/6h"; several
limits separated by commas). The action layer calls `hit()`; over a limit it raises
`RateLimited`, which pages answer with HTTP 429 (community.middleware.RateLimitMiddleware) and
the API with {"detail": ...} (community.api).

Limits guard requests: they count only inside a request (the middleware opens one with
`request_scope`), so management commands, the demo loader and the worker are never limited.
Replies by email count per member only (`member_scope`): they come from the mail server.
The cache keeps the IP address only as a hash, and only for the length of one window.
"""

import hashlib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import ngettext

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}

# The client address of the request being handled; None outside a request.
_client_ip: ContextVar[str | None] = ContextVar("community_client_ip", default=None)


class RateLimited(PermissionDenied):
    """Too many of one action in a window; `retry_after` seconds until the window ends."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            ngettext(
                "You are doing that too often. Try again in %(seconds)d second.",
                "You are doing that too often. Try again in %(seconds)d seconds.",
                retry_after,
            )
            % {"seconds": retry_after}
        )


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rates(text: str | None) -> list[Rate]:
    """ "10/m, 100/6h" -> [Rate(10, 60), Rate(100, 21600)]; empty means no limit."""
    rates = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        try:
            count, period = part.strip().split("/")
            multiple, unit = period[:-1] or "1", period[-1]
            rates.append(Rate(int(count), int(multiple) * PERIODS[unit]))
        except (KeyError, ValueError) as error:
            raise ImproperlyConfigured(f"rate limit {part!r}: write count/period") from error
    return rates


@contextmanager
def request_scope(ip: str) -> Iterator[None]:
    """Marks the code inside as serving a request from `ip`: limits count from here on."""
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)


# In a member scope there is no client address; only the member's own limits count.
NO_ADDRESS = ""


@contextmanager
def member_scope() -> Iterator[None]:
    """Marks the code inside as a member's own write from outside a request (a reply by
    email): the per-member limits count, the per-IP ones do not."""
    token = _client_ip.set(NO_ADDRESS)
    try:
        yield
    finally:
        _client_ip.reset(token)


def _count(key: str, rate: Rate, now: float) -> int | None:
    """Counts one hit in the current window; the seconds to wait if that is over the limit."""
    window = int(now // rate.seconds)
    full_key = f"community:rl:{key}:{rate.seconds}:{window}"
    cache.add(full_key, 0, timeout=rate.seconds + 1)
    try:
        hits = cache.incr(full_key)
    except ValueError:  # evicted between add and incr: this hit starts the window again
        cache.set(full_key, 1, timeout=rate.seconds + 1)
        hits = 1
    if hits <= rate.count:
        return None
    return max(math.ceil((window + 1) * rate.seconds - now), 1)


def hit(action: str, user) -> None:
    """Counts one `action` by `user` (and their IP address); raises RateLimited when over."""
    ip = _client_ip.get()
    if ip is None:
        return
    now = time.time()
    checks = []
    if ip != NO_ADDRESS:
        ip_hash = hashlib.sha256(ip.encode()).hexdigest()[:16]
        checks.append((f"ip:{ip_hash}", settings.COMMUNITY_RATE_LIMITS_PER_IP.get(action)))
    if user is not None and user.is_authenticated:
        checks.append((f"user:{user.pk}", settings.COMMUNITY_RATE_LIMITS.get(action)))
    waits = [
        wait
        for scope, text in checks
        for rate in parse_rates(text)
        if (wait := _count(f"{action}:{scope}", rate, now)) is not None
    ]
    if waits:
        raise RateLimited(max(waits))
