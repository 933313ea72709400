"""For community's timeline registry: the articles about a bespreekpunt and the manifest
versions that changed the manifest section it belongs to."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from community.timeline import Entry
from knowledge.models import ArticlePage, ManifestPage, ManifestVersion

KINDS = {"manifest": gettext_lazy("Manifest version"), "article": gettext_lazy("Article")}


def bespreekpunt_entries(page: Page, user) -> list[Entry]:
    related = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("id", flat=True)
    )
    articles = (
        ArticlePage.objects.live()
        .public()
        .filter(locale_id=page.locale_id, related_bespreekpunten__in=related)
        .distinct()
        .order_by("-first_published_at")
    )
    entries = [
        Entry(
            "article", article.first_published_at, article.title, article.url or "", article.summary
        )
        for article in articles
    ]
    manifest = ManifestPage.objects.live().public().filter(locale_id=page.locale_id).first()
    if manifest is not None:
        entries += _version_entries(manifest, related)
    return entries


def _version_entries(manifest: ManifestPage, related: set[int]) -> list[Entry]:
    """Versions in which the bespreekpunt's section appeared or its text changed."""
    entries = []
    before: dict[str, str] = {}
    versions = ManifestVersion.objects.filter(page=manifest).order_by("number")
    base_url = manifest.url or ""
    for version in versions:
        sections = {
            value["anchor"]: value
            for value in _section_values(version.content)
            if value.get("bespreekpunt") in related
        }
        for anchor, value in sections.items():
            text = json.dumps([value.get("heading"), value.get("text")], sort_keys=True)
            if before.get(anchor) != text:
                entries.append(
                    Entry(
                        "manifest",
                        version.published_at,
                        _("Manifest version %(number)s: %(heading)s")
                        % {"number": version.number, "heading": value.get("heading", "")},
                        base_url
                        + manifest.reverse_subpage("version", kwargs={"number": version.number})
                        + f"#{anchor}",
                        summary=version.change_note,
                    )
                )
            before[anchor] = text
    return entries


def _section_values(content: dict) -> list[dict]:
    sections = content.get("sections") or []
    if isinstance(sections, str):
        sections = json.loads(sections or "[]")
    return [block.get("value") or {} for block in sections if block.get("type") == "section"]
