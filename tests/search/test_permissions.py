"""Nobody finds what they may not read: unpublished pages, member-only pages for visitors,
hidden or deleted posts, private fields. Runs on the database backend of the run (SQLite or
PostgreSQL); tests/search/test_elasticsearch.py covers the Elasticsearch request."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from search.models import SearchDocument
from search.service import run_search
from tests.factories import UserFactory


def keys(query, user=None, language="nl"):
    params = QueryDict(mutable=True)
    params["q"] = query
    return [hit.key for hit in run_search(params, user or AnonymousUser(), language).hits]


def test_hidden_and_deleted_posts_are_never_found(corpus, moderator):
    assert keys("kortingscode") == []
    assert keys("zeppelin") == []
    assert keys("kortingscode", moderator) == []
    assert not SearchDocument.objects.filter(key=corpus.keys["post_hidden"]).exists()
    assert not SearchDocument.objects.filter(key=corpus.keys["post_deleted"]).exists()


def test_private_fields_are_not_indexed(corpus):
    assert keys("geheim-gesprek") == []  # the online meeting link of an event
    assert keys('"Bram Notulist"') == []  # the scribe of an outcome with "no names"
    assert corpus.keys["out2022"] in keys('"Anouk Scriba"')
    assert keys('"Geheime Spreker" type:outcome') == [corpus.keys["out2022"]]


def test_member_only_pages_are_found_by_members_only(
    corpus, member, django_capture_on_commit_callbacks
):
    article = corpus.pages["art_coach"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get(name="Members"))
    key = corpus.keys["art_coach"]
    assert key not in keys("biografisch coachen")
    assert key in keys("biografisch coachen", member)
    outsider = UserFactory(username="buitenstaander")
    assert key not in keys("biografisch coachen", outsider)


def test_login_only_pages_need_a_login(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=corpus.pages["kennisbank"], restriction_type=PageViewRestriction.LOGIN
        )
    key = corpus.keys["art_vitaliteit"]
    assert key not in keys("vitaliteit")
    assert key in keys("vitaliteit", UserFactory(username="ingelogd"))


def test_password_protected_pages_are_never_found(
    corpus, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=corpus.pages["art_adaptief"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="geheim",  # noqa: S106
        )
    assert corpus.keys["art_adaptief"] not in keys("adaptief vermogen", member)


def test_unpublished_pages_disappear_and_drafts_are_not_searched(
    corpus, django_capture_on_commit_callbacks
):
    article = corpus.pages["art_pdg"]
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert keys("getuigschrift") == [corpus.keys["manifest_geschiedenis"]]
    pabo = corpus.pages["art_pabo"]
    pabo.summary = "Conceptversie over de vliegende hollander."
    pabo.save_revision()
    assert keys("hollander") == []


def test_topics_follow_their_bespreekpunt(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        corpus.pages["bp_leeruitkomsten"].unpublish()
    assert keys("rubric") == []
    assert corpus.keys["topic_toetsen"] not in keys("toetsen leeruitkomsten")


def test_hiding_a_post_removes_it(corpus, moderator, django_capture_on_commit_callbacks):
    from community import actions

    post = corpus.pages["topic_toetsen"].posts.get(number=2)
    assert keys("rubric") == [corpus.keys["post_rubric"]]
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_hide_post(moderator, post)
    assert keys("rubric") == []


def test_a_stale_row_is_never_shown(corpus):
    """Even if the index lags behind (a task not yet run), the source is checked again."""
    article = corpus.pages["art_zij"]
    type(article).objects.filter(pk=article.pk).update(live=False)
    assert corpus.keys["art_zij"] not in keys("zij-instromers begeleiden")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_language_respects_visibility(corpus, language):
    assert keys("kortingscode", language=language) == []
