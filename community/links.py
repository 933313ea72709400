"""Links out from a bespreekpunt page and a topic page that other apps provide (events where
it is discussed, the article a topic was distilled into...).

community imports no other app; they register a provider here in their AppConfig.ready():
`register_link_provider(lambda page: [Link(title, url), ...])` for bespreekpunten and
`register_topic_link_provider(lambda topic, user: [...])` for topics.
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
_topic_providers: list[Callable] = []


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


def register_topic_link_provider(provider: Callable) -> None:
    if provider not in _topic_providers:
        _topic_providers.append(provider)


def topic_links_for(topic, user) -> list[Link]:
    """Links for a topic page, some for this reader only (kind "action": a button)."""
    links = []
    for provider in _topic_providers:
        links.extend(provider(topic, user))
    return links
