"""The knowledge demo: two manifest versions, an English manifest, tagged source articles; and
loading it twice changes nothing."""

import pytest
from wagtail.models import Revision

from home.demo import DemoContext
from knowledge import demo
from knowledge.models import ArticlePage, ManifestPage, ManifestVersion
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(home_page, locales, bespreekpunt):
    members = {
        name: make_member(name, group="Editors" if name == "eva" else "Members")
        for name in ["anouk", "bram", "fatima", "joost", "lotte", "eva"]
    }
    return DemoContext(
        home=home_page,
        home_en=home_page.get_translation(locales["en"]),
        members=members,
        pages={"bespreekpunt:leeruitkomsten": bespreekpunt},
    )


def snapshot():
    return (
        list(
            ManifestVersion.objects.order_by("pk").values_list("page_id", "number", "change_note")
        ),
        list(ArticlePage.objects.order_by("pk").values_list("slug", "title", "live")),
        Revision.objects.count(),
        sorted(ArticlePage.tags.through.objects.values_list("content_object_id", "tag__name")),
    )


def test_demo_builds_the_manifest_history_and_articles(client, context):
    demo.load(context)
    manifest = context.pages["manifest"]
    versions = ManifestVersion.objects.filter(page=manifest).order_by("number")
    # Version 3 adopts the demo's amendment (knowledge.demo._amendments).
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[2].amendment.status == "adopted"
    assert versions[0].published_at.date().isoformat() == "2022-08-31"
    assert versions[1].change_note.startswith("Na de studiedag")
    english = ManifestPage.objects.get(
        translation_key=manifest.translation_key, locale__language_code="en"
    )
    assert english.live and english.title == "Flexible teacher education"
    assert ArticlePage.objects.live().filter(locale__language_code="nl").count() == 5
    assert ArticlePage.objects.live().filter(locale__language_code="en").count() == 5
    assert all(article.tags.exists() for article in ArticlePage.objects.all())
    diff = client.get("/nl/manifest/versies/vergelijk/?van=1&naar=2").content.decode()
    assert "<ins>" in diff and "kennisbank" in diff
    assert client.get("/en/manifest/").status_code == 200


def test_loading_the_demo_twice_changes_nothing(context):
    demo.load(context)
    first = snapshot()
    demo.load(context)
    assert snapshot() == first
