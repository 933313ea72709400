"""Keeping the index current: what publishing, posting and rebuilding put in it."""

from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document

from community import actions
from search.models import SearchDocument
from tests.search.conftest import Corpus, build_articles, build_bespreekpunten


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (Helvetica), with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_the_text_of_attached_pdfs_is_searchable(
    client, home_page, member, django_capture_on_commit_callbacks
):
    corpus = Corpus()
    build_bespreekpunten(home_page, corpus)
    build_articles(home_page, corpus, member)
    document = Document(title="Verslag kalibratie")
    document.file.save("verslag.pdf", ContentFile(pdf_with_text("Kalibratiesessie met rubrics")))
    article = corpus.pages["art_pabo"]
    article.attachments.create(document=document)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    row = SearchDocument.objects.get(kind="document")
    assert "Kalibratiesessie" in row.body
    response = client.get("/nl/zoeken/", {"q": "kalibratiesessie"})
    hits = response.context["outcome"].hits
    assert [hit.title for hit in hits] == ["Verslag kalibratie"]
    assert "<mark>Kalibratiesessie</mark>" in response.content.decode()


def test_publishing_and_posting_update_the_index(
    home_page, member, django_capture_on_commit_callbacks
):
    corpus = Corpus()
    with django_capture_on_commit_callbacks(execute=True):
        build_bespreekpunten(home_page, corpus)
    assert SearchDocument.objects.filter(kind="bespreekpunt").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        topic = actions.check_create_topic(
            member, corpus.pages["bp_werkplek"], title="Stage in de onderbouw", body="Ervaringen?"
        )
    assert SearchDocument.objects.filter(source=f"topic:{topic.pk}").exists()
    post = topic.posts.get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_edit_post(member, post, body="Ervaringen met de onderbouw-stage?")
    assert "onderbouw" in SearchDocument.objects.get(key=f"post:{post.pk}").body
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_delete_post(member, post)
    assert not SearchDocument.objects.filter(key=f"post:{post.pk}").exists()


def test_rebuild_shows_progress_and_removes_orphans(corpus):
    SearchDocument.objects.create(
        key="page:999999", source="page:999999", kind="article", language="nl",
        visibility="public", title="Wees", url="/wees/",
    )  # fmt: skip
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "posts" in out.getvalue() and "Search index rebuilt" in out.getvalue()
    assert not SearchDocument.objects.filter(key="page:999999").exists()


def test_a_topic_wide_change_reindexes_every_post_of_the_topic(
    home_page, member, other_member, django_capture_on_commit_callbacks
):
    from community.events import publish_event
    from community.models import Topic

    corpus = Corpus()
    with django_capture_on_commit_callbacks(execute=True):
        build_bespreekpunten(home_page, corpus)
        topic = actions.check_create_topic(
            member, corpus.pages["bp_werkplek"], title="Stage in de onderbouw", body="Ervaringen?"
        )
        reply = actions.check_create_post(other_member, topic, body="Bij ons gaat het goed.")
    target = next(
        page for key, page in corpus.pages.items() if key.startswith("bp_") and key != "bp_werkplek"
    )
    with django_capture_on_commit_callbacks(execute=True):
        Topic.objects.filter(pk=topic.pk).update(
            title="Stage in de bovenbouw", bespreekpunt=target, slug="stage-in-de-bovenbouw"
        )
        publish_event("topic.moved", bespreekpunt_id=target.pk, topic_id=topic.pk)
    row = SearchDocument.objects.get(key=f"post:{reply.pk}")
    assert row.title == "Stage in de bovenbouw"
    assert "stage-in-de-bovenbouw" in row.url
    assert row.bespreekpunten == f"|{target.pk}|"
