"""The manifest and articles go through wagtail-localize: their text is extracted as segments
and an English translation can be created and published."""

import pytest
from wagtail_localize.models import StringSegment, TranslationSource

from knowledge.models import ArticlePage, ManifestPage, ManifestVersion
from tests.knowledge.conftest import make_article

pytestmark = pytest.mark.django_db


def translate(page, locale, capture):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segments = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    with capture(execute=True):  # wagtail-localize publishes the translation on commit
        translation, _created = source.create_or_update_translation(
            locale, copy_parent_pages=True, fallback=True
        )
    return segments, type(translation).objects.get(pk=translation.pk)


def test_manifest_sections_are_translatable(manifest, locales, django_capture_on_commit_callbacks):
    segments, translation = translate(manifest, locales["en"], django_capture_on_commit_callbacks)
    assert "Opleiden vanuit de aanstaande leraar." in segments
    assert isinstance(translation, ManifestPage) and translation.live
    assert ManifestVersion.objects.filter(page=translation, number=1).exists()


def test_articles_are_translatable(knowledge_index, locales, django_capture_on_commit_callbacks):
    article = make_article(knowledge_index, "Pilots flexibilisering", tags=["pilots"])
    segments, translation = translate(article, locales["en"], django_capture_on_commit_callbacks)
    assert "Samenvatting van Pilots flexibilisering." in segments
    assert isinstance(translation, ArticlePage) and translation.live
    assert translation.locale == locales["en"]
