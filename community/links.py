"""Links out from a bespreekpunt page that other apps provide (events where it is discussed...).

community imports no other app; they register a provider here in their AppConfig.ready():
`register_link_provider(lambda page: [Link(title, url), ...])`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    kind: str = ""


_providers: list[Callable] = []


def register_link_provider(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def links_for(page) -> list[Link]:
    links = []
    if getattr(page, "manifest_url", ""):
        title = str(_("The manifest on this bespreekpunt"))
        links.append(Link(title, page.manifest_url, "manifest"))
    for provider in _providers:
        links.extend(provider(page))
    return links
