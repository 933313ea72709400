"""What links to a page: live pages (Wagtail's ReferenceIndex) and discussions that cite it."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Page, ReferenceIndex

from community.links import Link
from community.models import Post


@dataclass(frozen=True)
class Backlink:
    title: str
    url: str
    kind: str


def backlinks_to(page: Page, request: HttpRequest | None = None) -> list[Backlink]:
    """Pages that reference `page` and topics whose posts link to it, in three queries."""
    page_type = ContentType.objects.get_for_model(Page)
    source_ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    pages = Page.objects.live().filter(pk__in=[int(pk) for pk in source_ids]).exclude(pk=page.pk)
    links = [Backlink(p.title, p.get_url(request) or "", "page") for p in pages.order_by("title")]
    url = page.get_url(request)
    if url:
        topics = {}
        posts = (
            Post.objects.filter(
                body__contains=url, deleted_at__isnull=True, is_hidden=False, is_pending=False
            )
            .select_related("topic__bespreekpunt")
            .order_by("-created_at")
        )
        for post in posts:
            topics.setdefault(post.topic_id, post.topic)
        links += [Backlink(t.title, t.get_absolute_url(), "topic") for t in topics.values()]
    return links


def bespreekpunt_links(bespreekpunt: Page) -> list[Link]:
    """For community's link registry: articles and manifest sections about a bespreekpunt."""
    from knowledge.models import ArticlePage, ManifestPage

    links = [
        Link(str(_("Article: %(title)s") % {"title": a.title}), a.url or "", "article")
        for a in ArticlePage.objects.live()
        .filter(related_bespreekpunten=bespreekpunt, locale_id=bespreekpunt.locale_id)
        .order_by("title")
    ]
    for manifest in ManifestPage.objects.live().filter(locale_id=bespreekpunt.locale_id):
        for block in manifest.sections:
            chosen = block.value.get("bespreekpunt")
            if chosen is not None and chosen.pk == bespreekpunt.pk:
                links.append(
                    Link(
                        str(_("Manifest: %(heading)s") % {"heading": block.value["heading"]}),
                        f"{manifest.url}#{block.value['anchor']}",
                        "manifest",
                    )
                )
    return links
