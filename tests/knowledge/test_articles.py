"""The knowledge base as readers see it: lists, tag pages, filters, pagination and the feed."""

import pytest

from knowledge.views import ARTICLES_PER_PAGE
from tests.knowledge.conftest import count_queries, make_article

pytestmark = pytest.mark.django_db


def test_index_lists_live_articles_with_tags(client, knowledge_index):
    make_article(knowledge_index, "Pilots flexibilisering", tags=["pilots", "OCW"])
    html = client.get("/nl/kennisbank/").content.decode()
    assert "Pilots flexibilisering" in html
    assert 'href="/nl/kennisbank/tag/pilots/"' in html


def test_tag_page_shows_only_articles_with_that_tag(client, knowledge_index):
    make_article(knowledge_index, "Pilots flexibilisering", tags=["pilots"])
    make_article(knowledge_index, "Routes naar het leraarschap", tags=["routes"])
    html = client.get("/nl/kennisbank/tag/pilots/").content.decode()
    assert "Artikelen met tag “pilots”" in html
    assert "Pilots flexibilisering" in html
    assert "Routes naar het leraarschap" not in html
    assert client.get("/nl/kennisbank/tag/bestaat-niet/").status_code == 404


def test_filters_by_bespreekpunt_and_year(client, knowledge_index, bespreekpunt):
    linked = make_article(knowledge_index, "Leeruitkomsten in de praktijk")
    linked.related_bespreekpunten.set([bespreekpunt])
    linked.save_revision().publish()
    make_article(knowledge_index, "Iets anders")
    html = client.get(f"/nl/kennisbank/?bespreekpunt={bespreekpunt.pk}").content.decode()
    assert "Leeruitkomsten in de praktijk" in html and "Iets anders" not in html
    year = linked.first_published_at.year
    assert "Iets anders" in client.get(f"/nl/kennisbank/?jaar={year}").content.decode()
    assert "Iets anders" not in client.get("/nl/kennisbank/?jaar=1999").content.decode()


def test_pagination(client, knowledge_index):
    for n in range(ARTICLES_PER_PAGE + 2):
        make_article(knowledge_index, f"Artikel {n:02d}")
    first = client.get("/nl/kennisbank/").content.decode()
    assert "Pagina 1 van 2" in first and "Artikel 11" in first and "Artikel 00" not in first
    second = client.get("/nl/kennisbank/?pagina=2").content.decode()
    assert "Artikel 00" in second


def test_atom_feed_lists_articles(client, knowledge_index, member):
    article = make_article(knowledge_index, "Leraren voor Morgen", tags=["lerarenvoormorgen"])
    article.authors.set([member])
    article.save_revision().publish()
    response = client.get("/nl/kennisbank/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Leraren voor Morgen</title>" in body
    assert "Marieke de Vries" in body


def test_article_page_shows_sources_authors_and_backlinks(client, knowledge_index, member):
    article = make_article(
        knowledge_index,
        "Bestuursakkoord",
        sources=[
            (
                "source",
                {
                    "title": "Bestuursakkoord Flexibilisering Lerarenopleidingen",
                    "publisher": "OCW",
                    "year": 2020,
                    "url": "https://www.rijksoverheid.nl/",
                    "doi": "10.1000/xyz123",
                    "note": "",
                },
            )
        ],
    )
    article.authors.set([member])
    article.save_revision().publish()
    citing = make_article(
        knowledge_index,
        "Een artikel dat verwijst",
        body=[("paragraph", f'<p><a linktype="page" id="{article.pk}">zie</a></p>')],
    )
    html = client.get(article.url).content.decode()
    assert "Marieke de Vries" in html
    assert "https://doi.org/10.1000/xyz123" in html
    assert "Wat verwijst hiernaar" in html and citing.title in html


def test_list_and_tag_page_query_counts_do_not_grow(client, knowledge_index, member):
    make_article(knowledge_index, "Eerste", tags=["pilots"]).authors.set([member])
    urls = ["/nl/kennisbank/", "/nl/kennisbank/tag/pilots/", "/nl/kennisbank/feed/"]
    before = [count_queries(client, url) for url in urls]
    for n in range(6):
        article = make_article(knowledge_index, f"Artikel {n}", tags=["pilots", f"t{n}"])
        article.authors.set([member])
        article.save_revision().publish()
    assert [count_queries(client, url) for url in urls] == before
