"""A bespreekpunt's timeline gathers every app's entries: topics, sessions and their outcomes,
manifest versions that changed its section and articles; filterable, paginated, NL and EN, with
an Atom feed."""

from datetime import UTC, datetime, time

import pytest
from django.utils import timezone
from wagtail.models import Locale

from community import actions as community
from community.models import Topic
from tests.events.conftest import agenda, event, make_event  # noqa: F401 - fixtures
from tests.events.test_outcomes import make_outcome
from tests.knowledge.conftest import (  # noqa: F401 - fixtures
    knowledge_index,
    make_article,
    manifest,
    publish_manifest,
    section,
)

pytestmark = pytest.mark.django_db

TIMELINE = "/nl/bespreekpunten/leeruitkomsten/tijdlijn/"


@pytest.fixture
def history(bespreekpunt, member, editor, manifest, knowledge_index, make_event):  # noqa: F811
    """One of everything about the bespreekpunt, spread over 2023 and 2024."""
    topic = community.check_create_topic(
        member, bespreekpunt, title="Toetsen met leeruitkomsten", body="Hoe toetsen jullie?"
    )
    Topic.objects.filter(pk=topic.pk).update(created_at=datetime(2024, 3, 1, tzinfo=UTC))
    session = make_event(
        title="Werksessie leeruitkomsten",
        start=datetime(2023, 10, 5, 13, tzinfo=UTC),
        programme=[
            ("slot", {"start": time(13), "title": "Aan de slag", "bespreekpunt": bespreekpunt})
        ],
    )
    make_event(title="Studiedag zonder dit bespreekpunt", slug="ander")
    make_outcome(session, bespreekpunt)
    publish_manifest(
        manifest,
        editor,
        sections=[
            section("Visie", "visie", "<p>Een nieuwe visie.</p>"),
            section(
                "Leeruitkomsten", "leeruitkomsten", "<p>Anders geformuleerd.</p>", bespreekpunt
            ),
        ],
        change_note="Leeruitkomsten herschreven",
    )
    publish_manifest(
        manifest,
        editor,
        sections=[
            section("Visie", "visie", "<p>Alleen de visie veranderde.</p>"),
            section(
                "Leeruitkomsten", "leeruitkomsten", "<p>Anders geformuleerd.</p>", bespreekpunt
            ),
        ],
        change_note="Visie aangescherpt",
    )
    make_article(
        knowledge_index, "Leeruitkomsten in de pabo", related_bespreekpunten=[bespreekpunt]
    )
    make_article(knowledge_index, "Over iets anders")
    return topic


def test_timeline_shows_every_kind_newest_first(client, history):
    html = client.get(TIMELINE).content.decode()
    for text in (
        "Toetsen met leeruitkomsten",
        "Werksessie leeruitkomsten",
        "Opbrengsten",
        "1 inzicht · 1 open vraag",
        "Manifestversie 1: Leeruitkomsten",
        "Manifestversie 2: Leeruitkomsten",
        "Leeruitkomsten herschreven",
        "Leeruitkomsten in de pabo",
    ):
        assert text in html, text
    # Version 3 changed only another section; other events and articles are not about it.
    assert "Manifestversie 3" not in html
    assert "Studiedag zonder dit bespreekpunt" not in html
    assert "Over iets anders" not in html
    assert html.index("Toetsen met leeruitkomsten") < html.index("Werksessie leeruitkomsten")


def test_timeline_filters_by_kind_and_year(client, history):
    html = client.get(TIMELINE + "?soort=event").content.decode()
    assert "Werksessie leeruitkomsten" in html
    assert "Toetsen met leeruitkomsten" not in html
    html = client.get(TIMELINE + "?jaar=2023").content.decode()
    assert "Werksessie leeruitkomsten" in html and "Toetsen met leeruitkomsten" not in html
    # Unknown filters are ignored rather than failing.
    assert client.get(TIMELINE + "?soort=<script>&jaar=abc").status_code == 200


def test_timeline_is_paginated(client, bespreekpunt, member):
    for number in range(25):
        Topic.objects.create(
            bespreekpunt=bespreekpunt,
            title=f"Onderwerp {number:02d}",
            slug=f"onderwerp-{number}",
            author=member,
            last_posted_at=timezone.now(),
        )
    first = client.get(TIMELINE).content.decode()
    second = client.get(TIMELINE + "?pagina=2").content.decode()
    assert first.count('class="timeline__entry') == 20
    assert second.count('class="timeline__entry') == 5
    assert "Pagina 1 van 2" in first


def test_timeline_in_english(client, history, bespreekpunt):
    english = bespreekpunt.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.save_revision().publish()
    response = client.get(f"{english.url}timeline/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Timeline: Leeruitkomsten" in html
    assert "Toetsen met leeruitkomsten" in html  # topics are shared by the translations
    assert "Kind" in html and "Topic" in html


def test_timeline_feed(client, history):
    feed = client.get(TIMELINE + "feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "<title>Onderwerp: Toetsen met leeruitkomsten</title>" in text
    assert "Werksessie leeruitkomsten" in text
    only_articles = client.get(TIMELINE + "feed/?soort=article").content.decode()
    assert "Leeruitkomsten in de pabo" in only_articles
    assert "Toetsen met leeruitkomsten" not in only_articles


def test_pending_topics_stay_off_the_timeline(client, bespreekpunt, member):
    topic = community.check_create_topic(
        member, bespreekpunt, title="Nog niet goedgekeurd", body="x"
    )
    Topic.objects.filter(pk=topic.pk).update(is_pending=True)
    assert "Nog niet goedgekeurd" not in client.get(TIMELINE).content.decode()


def test_timeline_queries_do_not_grow_with_entries(client, history, bespreekpunt, member):
    from tests.knowledge.conftest import count_queries

    few = count_queries(client, TIMELINE)
    for number in range(5):
        community.check_create_topic(member, bespreekpunt, title=f"Meer {number}", body="x")
    assert count_queries(client, TIMELINE) == few


def test_bespreekpunt_page_links_its_timeline(client, bespreekpunt):
    assert f'href="{TIMELINE}"' in client.get(bespreekpunt.url).content.decode()


def test_a_topic_cannot_take_the_timeline_slug(bespreekpunt, member):
    topic = community.check_create_topic(member, bespreekpunt, title="Tijdlijn", body="x")
    assert topic.slug != "tijdlijn"


def test_consent_decisions_are_on_the_timeline(client, bespreekpunt, member, other_member):
    from community.decisions import (
        check_close_consent_round,
        check_open_consent_round,
        check_respond,
    )

    topic = community.check_create_topic(
        member, bespreekpunt, title="Een voorstel", body="Zie hier"
    )
    opening = topic.posts.get(number=1)
    decision = check_open_consent_round(
        member, opening, proposal="We toetsen met portfolio's", quorum=1
    )
    check_respond(other_member, decision, "consent")
    open_round_html = client.get(TIMELINE + "?soort=decision").content.decode()
    assert "We toetsen met portfolio" not in open_round_html  # not decided yet
    check_close_consent_round(member, decision, note="Zo gaan we het doen.")
    html = client.get(TIMELINE + "?soort=decision").content.decode()
    assert "We toetsen met portfolio" in html
    assert "Consent" in html and "Zo gaan we het doen." in html
    assert f'href="{topic.get_absolute_url()}1/"' in html
