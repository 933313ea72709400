"""A small Dutch (and English) corpus for the search tests, written from the manifest's facts.

`corpus` builds the page tree, topics and posts and indexes everything once; tests look rows
up by key through `corpus.keys[name]`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from wagtail.rich_text import RichText

from community import actions
from community.models import BespreekpuntIndexPage, BespreekpuntPage
from events.models import EventIndexPage, EventPage, OutcomePage
from knowledge.models import ArticlePage, KnowledgeIndexPage, ManifestPage

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def section(heading, anchor, text, bespreekpunt=None):
    return (
        "section",
        {
            "heading": heading,
            "anchor": anchor,
            "text": RichText(text),
            "bespreekpunt": bespreekpunt,
        },
    )


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@dataclass
class Corpus:
    keys: dict[str, str] = field(default_factory=dict)
    pages: dict[str, object] = field(default_factory=dict)


def build_bespreekpunten(home, corpus):
    index = publish(home, BespreekpuntIndexPage(title="Bespreekpunten", slug="bespreekpunten"))
    data = [
        (
            "leeruitkomsten",
            1,
            "Leeruitkomsten",
            "Hoe werken opleidingen met leeruitkomsten als "
            "gemeenschappelijke taal tussen school en instituut?",
        ),
        (
            "loopbaan",
            2,
            "Loopbaandenken",
            "Studenten opleiden voor een loopbaan, niet voor één "
            "baan: persoonlijk leiderschap, vitaliteit en talentmanagement.",
        ),
        (
            "werkplek",
            3,
            "Leren op de werkplek",
            "De werkplek als leeromgeving: wat leert een "
            "aanstaande leraar in de klas en hoe beoordelen we dat?",
        ),
    ]
    for name, number, title, intro in data:
        page = publish(
            index,
            BespreekpuntPage(title=title, slug=name, number=number, intro=f"<p>{intro}</p>"),
        )
        corpus.pages[f"bp_{name}"] = page
        corpus.keys[f"bp_{name}"] = f"page:{page.pk}"


def build_manifest(home, corpus):
    bp = corpus.pages
    manifest = publish(
        home,
        ManifestPage(
            title="Flexibel opleiden van leraren",
            slug="manifest",
            subtitle="Een groeidocument",
            sections=[
                section(
                    "Visie",
                    "visie",
                    "<p>De lerarenopleider denkt vanuit de aanstaande "
                    "leraar; opleiden wordt gepersonaliseerd.</p>",
                ),
                section(
                    "Opleidingsvarianten",
                    "varianten",
                    "<p>Verschillen in levenservaring "
                    "krijgen een plek in de opleidingsvarianten voltijd, deeltijd, "
                    "zij-instroom en PDG.</p>",
                ),
                section(
                    "Samen opleiden",
                    "partnerschappen",
                    "<p>De partnerschappen Samen "
                    "Opleiden &amp; Professionaliseren zijn een bouwsteen: in 2030 leren "
                    "alle studenten binnen zo'n partnerschap.</p>",
                ),
                section(
                    "Werken met leeruitkomsten",
                    "leeruitkomsten",
                    "<p>Landelijke "
                    "leeruitkomsten geven opleidingen ruimte voor eigen leerroutes.</p>",
                    bp["bp_leeruitkomsten"],
                ),
                section(
                    "Geschiedenis",
                    "geschiedenis",
                    "<p>Producerend leren op de werkplek "
                    "werd al in de jaren negentig beproefd, later ook in het "
                    "pedagogisch-didactisch getuigschrift voor het mbo.</p>",
                ),
            ],
        ),
    )
    corpus.pages["manifest"] = manifest
    for anchor in ("visie", "varianten", "partnerschappen", "leeruitkomsten", "geschiedenis"):
        corpus.keys[f"manifest_{anchor}"] = f"page:{manifest.pk}#{anchor}"


def build_events(home, corpus):
    bp = corpus.pages
    agenda = publish(home, EventIndexPage(title="Agenda", slug="agenda"))
    events = [
        (
            "ws2022",
            "Werksessie leeruitkomsten",
            datetime(2022, 10, 12, 14, tzinfo=AMSTERDAM),
            "We verkennen samen hoe leeruitkomsten het toetsen op de werkplek veranderen.",
        ),
        (
            "sd2023",
            "Studiedag opleidingsvarianten",
            datetime(2023, 3, 8, 10, tzinfo=AMSTERDAM),
            "Een dag over deeltijd, duaal en verkorte routes voor academici.",
        ),
    ]
    for name, title, start, summary in events:
        event = publish(
            agenda,
            EventPage(
                title=title,
                slug=name,
                kind="werksessie",
                start=start,
                end=start.replace(hour=start.hour + 3),
                summary=summary,
                location="Utrecht",
                online_url="https://meet.example.org/geheim-gesprek",
            ),
        )
        corpus.pages[name] = event
        corpus.keys[name] = f"page:{event.pk}"
    outcomes = [
        (
            "out2022",
            "ws2022",
            "Opbrengsten werksessie leeruitkomsten",
            "bp_leeruitkomsten",
            [
                "Leeruitkomsten maken zichtbaar wat een student op de werkplek al beheerst.",
                "Beoordelaars van school en instituut kalibreren samen.",
            ],
            "Anouk Scriba",
        ),
        (
            "out2023",
            "sd2023",
            "Opbrengsten studiedag opleidingsvarianten",
            "bp_loopbaan",
            [
                "Zij-instromers willen erkenning van wat ze al kunnen.",
                "Een flexibel programma vraagt om heldere leerroutes.",
            ],
            "Bram Notulist",
        ),
    ]
    for name, event_name, title, bp_name, insights, scribe in outcomes:
        outcome = publish(
            corpus.pages[event_name],
            OutcomePage(
                title=title,
                slug="opbrengsten",
                body=[
                    (
                        "bespreekpunt",
                        {
                            "bespreekpunt": bp[bp_name],
                            "insights": insights,
                            "open_questions": [],
                            "agreements": [],
                            "advice": [],
                            "quotes": [
                                {
                                    "text": "Ik voel me eindelijk gezien.",
                                    "speaker": "Geheime Spreker",
                                }
                            ],
                        },
                    )
                ],
                scribes=scribe,
                no_names=name == "out2023",
            ),
        )
        corpus.pages[name] = outcome
        corpus.keys[name] = f"page:{outcome.pk}"


ARTICLES = [
    (
        "art_pabo",
        "Leeruitkomsten formuleren in de pabo",
        ["pabo", "leeruitkomsten"],
        "Hoe een pabo landelijke leeruitkomsten vertaalt naar opdrachten op de werkplek.",
    ),
    (
        "art_zij",
        "Zij-instromers begeleiden",
        ["zij-instroom"],
        "Zij-instromers brengen werkervaring mee; begeleiding sluit aan bij hun biografie.",
    ),
    (
        "art_pdg",
        "Het pedagogisch-didactisch getuigschrift",
        ["mbo"],
        "Docenten in het mbo halen hun getuigschrift naast hun baan.",
    ),
    (
        "art_sop",
        "Samen opleiden in het partnerschap",
        ["partnerschap"],
        "School en instituut delen de verantwoordelijkheid voor het opleiden van leraren.",
    ),
    (
        "art_coach",
        "Biografisch coachen",
        ["coaching"],
        "De levensloop van de student is het vertrekpunt van het gesprek over groei.",
    ),
    (
        "art_adaptief",
        "Adaptief vermogen van aanstaande leraren",
        ["loopbaan"],
        "Een veranderend beroepsbeeld vraagt leraren die zich blijven ontwikkelen.",
    ),
    (
        "art_varianten",
        "Eén opleidingsvariant voor iedereen?",
        ["opleidingsvarianten"],
        "Waarom een deeltijdvariant anders is ingericht dan de voltijdse route.",
    ),
    (
        "art_vitaliteit",
        "Vitaliteit in de loopbaan",
        ["loopbaan"],
        "Werkplezier en vitaliteit houden leraren langer voor de klas.",
    ),
]


def build_articles(home, corpus, author):
    index = publish(home, KnowledgeIndexPage(title="Kennisbank", slug="kennisbank"))
    corpus.pages["kennisbank"] = index
    for name, title, tags, summary in ARTICLES:
        article = ArticlePage(
            title=title,
            summary=summary,
            body=[("paragraph", RichText(f"<p>{summary} Een verkenning van de praktijk.</p>"))],
        )
        article.tags.set(tags)
        publish(index, article)
        article.authors.set([author])
        article.save_revision().publish()
        corpus.pages[name] = article
        corpus.keys[name] = f"page:{article.pk}"


def build_english(corpus, locales):
    index = corpus.pages["kennisbank"].copy_for_translation(locales["en"])
    index.save_revision().publish()
    article = publish(
        index,
        ArticlePage(
            title="Learning outcomes at the workplace",
            summary="How teacher educators assess learning outcomes reached at school.",
            body=[("paragraph", RichText("<p>Schools and institutes assess together.</p>"))],
            locale=locales["en"],
        ),
    )
    corpus.keys["en_outcomes"] = f"page:{article.pk}"


def build_discussions(corpus, member, other_member):
    bp = corpus.pages
    topic = actions.check_create_topic(
        member,
        bp["bp_leeruitkomsten"],
        title="Toetsen met leeruitkomsten",
        body="Wie heeft ervaring met het **beoordelen** van leeruitkomsten in de praktijk?",
        tags=["toetsing"],
    )
    corpus.keys["topic_toetsen"] = f"topic:{topic.pk}"
    corpus.keys["post_toetsen_1"] = f"post:{topic.posts.get(number=1).pk}"
    reply = actions.check_create_post(
        other_member,
        topic,
        body="Bij ons kalibreren werkplekbegeleiders elk kwartaal met een rubric.",
    )
    corpus.keys["post_rubric"] = f"post:{reply.pk}"
    hidden = actions.check_create_post(
        other_member,
        topic,
        body="Geheime kortingscode voor een verboden cursus.",
    )
    corpus.keys["post_hidden"] = f"post:{hidden.pk}"
    deleted = actions.check_create_post(
        member,
        topic,
        body="Een verwijderd bericht over de vergeten zeppelin.",
    )
    corpus.keys["post_deleted"] = f"post:{deleted.pk}"
    corpus.pages["topic_toetsen"] = topic
    corpus.pages["post_hidden"] = hidden
    corpus.pages["post_deleted"] = deleted
    second = actions.check_create_topic(
        other_member,
        bp["bp_loopbaan"],
        title="Loopbaangesprekken met zij-instromers",
        body="Wat vragen zij-instromers in een loopbaangesprek?",
    )
    corpus.keys["topic_loopbaan"] = f"topic:{second.pk}"


@pytest.fixture
def corpus(home_page, locales, member, other_member, moderator) -> Corpus:
    corpus = Corpus()
    build_bespreekpunten(home_page, corpus)
    build_manifest(home_page, corpus)
    build_events(home_page, corpus)
    build_articles(home_page, corpus, member)
    build_english(corpus, locales)
    build_discussions(corpus, member, other_member)
    actions.check_hide_post(moderator, corpus.pages["post_hidden"])
    actions.check_delete_post(member, corpus.pages["post_deleted"])
    call_command("rebuild_search_index", stdout=StringIO())
    return corpus
