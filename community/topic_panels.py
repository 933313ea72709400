"""Panels other apps show at the top of a topic page (a manifest amendment's word diff...).

community imports no other app; they register a provider in their AppConfig.ready():
`register_topic_panel(lambda request, topic: "<section>…</section>" or "")`. A provider returns
safe HTML for topics it knows and "" for the rest, cheaply (one query at most).
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

_providers: list[Callable[[HttpRequest, object], str]] = []


def register_topic_panel(provider: Callable[[HttpRequest, object], str]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def topic_panels(request: HttpRequest, topic) -> list[SafeString]:
    panels = []
    for provider in _providers:
        html = provider(request, topic)
        if html:
            panels.append(SafeString(html))
    return panels
