"""The manifest's public version history: permanent URLs, diffs, and only published versions."""

import pytest

from knowledge.models import ManifestVersion
from tests.knowledge.conftest import count_queries, publish_manifest, section

pytestmark = pytest.mark.django_db


def second_version(manifest, editor):
    return publish_manifest(
        manifest,
        editor,
        sections=[
            section("Visie", "visie", "<p>Opleiden vanuit de aanstaande leraar en de school.</p>"),
            section("Doelen", "doelen", "<p>Van en met elkaar leren.</p>"),
        ],
        change_note="Doelen toegevoegd na de studiedag",
    )


def test_every_publication_gets_a_numbered_version_with_note_and_editor(manifest, editor):
    second_version(manifest, editor)
    versions = list(ManifestVersion.objects.filter(page=manifest).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].change_note == "Doelen toegevoegd na de studiedag"
    assert versions[1].editor == editor


def test_version_urls_stay_stable_after_later_publishes(client, manifest, editor):
    first = client.get("/nl/manifest/versies/1/")
    assert first.status_code == 200
    second_version(manifest, editor)
    publish_manifest(manifest, editor, title="Flexibel opleiden (herzien)", change_note="Titel")
    again = client.get("/nl/manifest/versies/1/")
    assert again.status_code == 200
    html = again.content.decode()
    assert "Werken met leeruitkomsten in partnerschappen." in html
    assert "Doelen" not in html
    assert "http://localhost/nl/manifest/versies/1/" in html  # the suggested citation


def test_current_version_says_since_when_it_holds(client, manifest, editor):
    second_version(manifest, editor)
    html = client.get("/nl/manifest/").content.decode()
    assert "Versie 2, geldig sinds" in html
    assert "Doelen toegevoegd na de studiedag" in html
    history = client.get("/nl/manifest/versies/").content.decode()
    assert "Versie 1" in history and "Versie 2" in history


def test_republishing_identical_content_adds_no_version(manifest, editor):
    publish_manifest(manifest, editor)
    assert ManifestVersion.objects.filter(page=manifest).count() == 1


def test_unpublished_revisions_never_show_publicly(client, manifest, editor):
    draft = type(manifest).objects.get(pk=manifest.pk)
    draft.sections = [section("Geheim", "geheim", "<p>Nog niet besproken concepttekst.</p>")]
    draft.save_revision(user=editor)
    assert ManifestVersion.objects.filter(page=manifest).count() == 1
    for url in ["/nl/manifest/", "/nl/manifest/versies/", "/nl/manifest/versies/1/"]:
        assert "concepttekst" not in client.get(url).content.decode()
    assert client.get("/nl/manifest/versies/2/").status_code == 404


def test_compare_shows_insertions_and_deletions(client, manifest, editor):
    second_version(manifest, editor)
    response = client.get("/nl/manifest/versies/vergelijk/?van=1&naar=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>" in html and "school.</ins>" in html
    assert "<del>" in html and "Leeruitkomsten" in html
    assert "toegevoegd" in html  # the Doelen section is new


def test_compare_escapes_markup(client, manifest, editor):
    publish_manifest(
        manifest,
        editor,
        sections=[section("Visie", "visie", "<p>&lt;script&gt;alert(1)&lt;/script&gt; nieuw</p>")],
        change_note="Test",
    )
    html = client.get("/nl/manifest/versies/vergelijk/?van=1&naar=2").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("van=1&naar=1", "twee verschillende versies"),
        ("van=1&naar=9", "Er is geen versie 9"),
        ("van=a&naar=2", "Kies twee versies"),
    ],
)
def test_bad_comparisons_get_a_clear_message(client, manifest, editor, query, message):
    second_version(manifest, editor)
    response = client.get(f"/nl/manifest/versies/vergelijk/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_print_view_has_no_site_navigation(client, manifest):
    html = client.get("/nl/manifest/afdrukken/").content.decode()
    assert "Flexibel opleiden van leraren" in html
    assert "site-header" not in html


def test_sections_link_to_their_discussion(client, manifest, bespreekpunt):
    html = client.get("/nl/manifest/").content.decode()
    assert "Bespreek dit" in html
    assert "/nl/bespreekpunten/leeruitkomsten/" in html


def test_manifest_query_counts_do_not_grow_with_versions_or_sections(
    client, manifest, editor, bespreekpunt
):
    urls = ["/nl/manifest/", "/nl/manifest/versies/", "/nl/manifest/versies/vergelijk/"]
    publish_manifest(manifest, editor, title="Manifest 2", change_note="Ronde 2")
    before = [count_queries(client, url) for url in urls]
    many = [section(f"Deel {n}", f"deel-{n}", f"<p>Tekst {n}.</p>", bespreekpunt) for n in range(8)]
    for n in range(4):
        publish_manifest(manifest, editor, title=f"M{n}", sections=many, change_note=str(n))
    assert [count_queries(client, url) for url in urls] == before


def test_sections_count_the_topics_that_link_to_them(client, manifest, bespreekpunt, member):
    from community import actions as community_actions

    community_actions.check_create_topic(
        member,
        bespreekpunt,
        title="Leeruitkomsten en het manifest",
        body="Over [Leeruitkomsten](http://localhost/nl/manifest/#leeruitkomsten): wat vinden we?",
        tags=[],
    )
    html = client.get("/nl/manifest/").content.decode()
    assert "1 onderwerp bespreekt dit onderdeel" in html
    assert "Leeruitkomsten en het manifest" in html  # listed under "what links here"
