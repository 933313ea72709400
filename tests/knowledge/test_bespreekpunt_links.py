from community.links import links_for
from tests.knowledge.conftest import make_article


def test_bespreekpunt_lists_related_articles_in_its_own_language_only(
    knowledge_index, bespreekpunt, locales
):
    article = make_article(knowledge_index, "Leeruitkomsten in de praktijk")
    article.related_bespreekpunten.set([bespreekpunt])
    article.save_revision().publish()
    english = article.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Learning outcomes in practice"
    english.save_revision().publish()

    titles = [link.title for link in links_for(bespreekpunt) if link.kind == "article"]
    assert titles == ["Artikel: Leeruitkomsten in de praktijk"]
