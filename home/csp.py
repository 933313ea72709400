"""Content-Security-Policy: one strict policy for the site, a relaxed one for the admin.

Public pages load scripts, styles, fonts and images from the site itself only; nothing inline
runs (no inline <script>, no on...= handlers, no style="..." attributes in our templates), so
the policy needs neither nonces nor hashes and is the same on every response. That matters
here because whole pages are replayed from caches (community.cache, home.member_cache): a
nonce written into a cached body would no longer match a fresh header. The middleware sits
first in MIDDLEWARE, so replayed pages get the header on the way out like rendered ones.

The Wagtail and Django admins (CONTENT_SECURITY_POLICY_ADMIN_PREFIXES) still use inline
scripts and styles of their own, so they get CONTENT_SECURITY_POLICY_ADMIN instead.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES))


class SitePolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy on the admin's paths."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = dict(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts
