"""The websocket origin check: a socket opens only from a page of one of the site's own hosts.

Browsers send the page's Origin with every websocket handshake and let any page open a socket
to any server, with the visitor's cookies. Checking the Origin is what keeps another site from
reading a member's live notifications through their session (cross-site websocket hijacking).
Channels' AllowedHostsOriginValidator takes ALLOWED_HOSTS as it is, so ``"*"`` there accepts
every Origin; here a wildcard never counts, so a foreign Origin is refused on every settings
module. A handshake without an Origin (not a browser) is refused too.
"""

from typing import Any

from channels.security.websocket import OriginValidator
from django.conf import settings


def websocket_hosts() -> list[str]:
    """The hosts whose pages may open a websocket: WEBSOCKET_ALLOWED_HOSTS, else ALLOWED_HOSTS,
    without the wildcard."""
    hosts = getattr(settings, "WEBSOCKET_ALLOWED_HOSTS", None)
    if hosts is None:
        hosts = settings.ALLOWED_HOSTS
    return [host for host in hosts if host != "*"]


def same_site_origin_validator(application: Any) -> OriginValidator:
    return OriginValidator(application, websocket_hosts())
