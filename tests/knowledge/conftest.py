"""Fixtures for the knowledge tests: a manifest with versions, a knowledge base and articles."""

import pytest
from wagtail.models import Page
from wagtail.rich_text import RichText

from knowledge.models import ArticlePage, KnowledgeIndexPage, ManifestPage


def section(heading: str, anchor: str, text: str, bespreekpunt: Page | None = None):
    return (
        "section",
        {
            "heading": heading,
            "anchor": anchor,
            "text": RichText(text),
            "bespreekpunt": bespreekpunt,
        },
    )


@pytest.fixture
def manifest(home_page, bespreekpunt, editor) -> ManifestPage:
    """A manifest published once (version 1) by the editor."""
    page = home_page.add_child(
        instance=ManifestPage(
            title="Flexibel opleiden van leraren",
            slug="manifest",
            sections=[
                section("Visie", "visie", "<p>Opleiden vanuit de aanstaande leraar.</p>"),
                section(
                    "Leeruitkomsten",
                    "leeruitkomsten",
                    "<p>Werken met leeruitkomsten in partnerschappen.</p>",
                    bespreekpunt,
                ),
            ],
            change_note="Eerste versie",
        )
    )
    page.save_revision(user=editor).publish(user=editor)
    return page


def publish_manifest(page: ManifestPage, editor, **fields) -> ManifestPage:
    page = ManifestPage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=editor).publish(user=editor)
    return page


@pytest.fixture
def knowledge_index(home_page) -> KnowledgeIndexPage:
    index = home_page.add_child(instance=KnowledgeIndexPage(title="Kennisbank", slug="kennisbank"))
    index.save_revision().publish()
    return index


def make_article(index, title: str, tags=(), owner=None, **fields) -> ArticlePage:
    article = ArticlePage(
        title=title,
        summary=fields.pop("summary", f"Samenvatting van {title}."),
        body=fields.pop("body", [("paragraph", RichText(f"<p>Tekst over {title}.</p>"))]),
        owner=owner,
        **fields,
    )
    article.tags.set(list(tags))
    index.add_child(instance=article)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def count_queries(client, url: str) -> int:
    """Queries of a warm request (the first one fills per-process caches such as site settings)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)
