"""Texts of the knowledge demo: the 2022 manifest retold in our own words, and source articles.

The facts (dates, names, links) come from the network's August 2022 manifest; every sentence is
written anew for the demo.
"""

from typing import Any

MANIFEST_SLUG = "manifest"
INDEX_SLUG = "kennisbank"

PILOTS_URL = "https://www.rijksoverheid.nl/onderwerpen/hoger-onderwijs/pilots-flexibilisering"
SOP_URL = "https://www.platformsamenopleiden.nl/vind-elkaar/"
SOP_ARTICLE_URL = (
    "https://www.platformsamenopleiden.nl/kennisbank/"
    "artikel-flexibilisering-en-specifieke-afstudeerrichtingen/"
)
AKKOORD_URL = (
    "https://www.rijksoverheid.nl/ministeries/ministerie-van-onderwijs-cultuur-en-wetenschap/"
    "documenten/kamerstukken/2020/10/12/bestuursakkoord-flexibilisering-lerarenopleidingen"
)
LVM_URL = "https://www.lerarenvoormorgen.nl/"
LVM_ROUTES_URL = (
    "https://www.lerarenvoormorgen.nl/nieuws-overzicht/"
    "inventarisatie-van-de-belangrijkste-opleidingsroutes"
)
LVM_FLEX_URL = (
    "https://www.lerarenvoormorgen.nl/nieuws-overzicht/"
    "wat-is-er-nodig-om-als-lerarenopleider-te-kunnen-werken-met-flexibele-leerroutes"
)
INSPECTIE_URL = (
    "https://www.onderwijsinspectie.nl/documenten/themarapporten/2020/04/22/"
    "routes-naar-het-leraarschap"
)
KAMPVUUR_URL = "https://velon.nl/wp-content/uploads/2022/08/Kampvuursessie-Flexibel-opleiden.pdf"


def source(title, publisher="", year=None, url="", note=""):
    return {
        "title": title,
        "publisher": publisher,
        "year": year,
        "url": url,
        "doi": "",
        "note": note,
    }


MANIFEST_SOURCES = [
    source("Pilots flexibilisering in het hoger onderwijs", "Ministerie van OCW", 2016, PILOTS_URL),
    source(
        "Overzicht van de partnerschappen",
        "Platform Samen Opleiden & Professionaliseren",
        None,
        SOP_URL,
    ),
    source(
        "Flexibilisering en specifieke afstudeerrichtingen",
        "Platform Samen Opleiden & Professionaliseren",
        2020,
        SOP_ARTICLE_URL,
    ),
    source(
        "Bestuursakkoord Flexibilisering Lerarenopleidingen", "Rijksoverheid", 2020, AKKOORD_URL
    ),
    source("Leraren voor Morgen", "Vereniging Hogescholen", 2021, LVM_URL),
    source("Opbrengsten van de kampvuursessie", "Velon", 2022, KAMPVUUR_URL),
    source("Routes naar het leraarschap", "Inspectie van het Onderwijs", 2020, INSPECTIE_URL),
    source(
        "Inventarisatie van de belangrijkste opleidingsroutes",
        "Leraren voor Morgen",
        2022,
        LVM_ROUTES_URL,
    ),
]

# (heading, anchor, text, bespreekpunt slug or None). Version 1: August 2022.
SECTIONS_2022 = [
    (
        "Wat verstaan we onder flexibel opleiden?",
        "definitie",
        "<p>Flexibel opleiden begint bij de aanstaande leraar: de opleider kijkt vanuit diens"
        " situatie en loopbaan naar wat er geleerd moet worden. Naast de basis van het vak horen"
        " ook loopbaanbegeleiding, biografisch coachen, ondernemerschap, creativiteit,"
        " maatschappelijke betrokkenheid en zelfsturing bij de opleiding en de verdere"
        " ontwikkeling van leraren.</p><p>Met aanstaande leraren bedoelen we iedereen die het vak"
        " in wil: van de eerstejaars student tot de zij-instromer met een heel werkzaam leven"
        " achter zich.</p>",
        None,
    ),
    (
        "Visie",
        "visie",
        "<p>Flexibel opleiden maakt het beroep bereikbaarder en aantrekkelijker, omdat de opleiding"
        " beter past bij wie de student is en bij wat scholen vragen. We leiden op voor een"
        " loopbaan, niet voor één baan: persoonlijk leiderschap, vitaliteit en talent krijgen een"
        " plek, en we beginnen bij het levensverhaal van de lerende.</p><p>Verschillen in leeftijd,"
        " werk- en levenservaring vragen om verschillende varianten (voltijd, deeltijd,"
        " zij-instroom, PDG), en uiteindelijk om een eigen leerroute per student, samen met"
        " anderen. Opleiders van instituut en school ontwikkelen die visie samen met studenten."
        " De partnerschappen Samen Opleiden &amp; Professionaliseren zijn daarbij een bouwsteen:"
        " tegen 2030 leidt elke student op binnen zo'n partnerschap.</p>",
        None,
    ),
    (
        "Doelen",
        "doelen",
        "<p>De themagroep wil van en met elkaar leren door ervaringen en ideeën te delen, onderling"
        " en met alle lerarenopleiders. Als beroepsgroep nemen we zelf verantwoordelijkheid voor"
        " flexibel opleiden en professionaliseren, met Velon als aanjager en stem.</p>",
        None,
    ),
    (
        "Netwerken",
        "netwerken",
        "<p>Veel leden werken in een partnerschap en zijn actief in netwerken als de"
        " Voorlopersgroep Samen Opleiden, de Velon ledenraad en de werkgroepen van Leraren voor"
        " Morgen. Daar,"
        " in de dagelijkse praktijk, wordt zichtbaar hoe opleiden aansluit op de school en op het"
        " veranderende beroep.</p>",
        None,
    ),
    (
        "Achtergrondinformatie",
        "achtergrond",
        "<p>Flexibel opleiden is niet nieuw. In de jaren negentig werkten experimentele opleidingen"
        " al met opdrachten vanuit de werkplek; later volgden zij-instroom, het PDG in het mbo,"
        " Educatief Partnerschap en professional development schools. Veel daarover is nooit"
        " online verschenen.</p><p>Recenter zijn er de OCW-pilots flexibilisering (vanaf 2016),"
        " voorbeelden op het Platform SO&amp;P, het Bestuursakkoord Flexibilisering"
        " Lerarenopleidingen en het project Leraren voor Morgen (vanaf 2021). In maart 2022 hield"
        " de themagroep een kampvuursessie op het Velon-congres.</p>",
        None,
    ),
    (
        "Bespreekpunten",
        "bespreekpunten",
        "<p>Uit onze gesprekken en de kampvuursessie komen drie bespreekpunten die we in het najaar"
        " van 2022 verkennen: op de werksessie van 29 september en de Velon-studiedag van"
        " 11 november.</p>",
        None,
    ),
    (
        "Leeruitkomsten",
        "leeruitkomsten",
        "<p>Sinds de pilots werken veel opleidingen met leeruitkomsten: beschrijvingen van wat een"
        " student na een leerproces weet en kan. Elk partnerschap geeft ze een eigen kleur. Wat"
        " zijn de ervaringen, kansen en knelpunten, en wat vraagt dit van opleiders?</p>",
        "leeruitkomsten",
    ),
    (
        "Opleidingsvarianten",
        "opleidingsvarianten",
        "<p>In twintig jaar zijn er veel routes naar het leraarschap ontstaan, volgens de Inspectie"
        " (2020) misschien te veel. Biedt flexibel opleiden in partnerschappen een werkbaar"
        " antwoord, en wat kunnen de opleidingen van elkaar leren?</p>",
        "opleidingsvarianten",
    ),
    (
        "Meer dan leraren?",
        "meer-dan-leraren",
        "<p>Leiden we straks nog leraren op, of onderwijsprofessionals? Flexibel opleiden kan de"
        " deur openen voor mensen uit zorg, sociaal werk of psychologie, en voor"
        " onderwijsassistenten en leraarondersteuners.</p>",
        "meer-dan-leraren",
    ),
]

# Version 2: what the network learned at the autumn 2022 sessions.
SECTION_UPDATES_2023 = {
    "doelen": "<p>De themagroep wil van en met elkaar leren door ervaringen en ideeën te delen,"
    " onderling en met alle lerarenopleiders. Als beroepsgroep nemen we zelf verantwoordelijkheid"
    " voor flexibel opleiden en professionaliseren, met Velon als aanjager en stem. We leggen wat"
    " we leren vast in een open kennisbank, zodat ook niet gepubliceerde ervaringen vindbaar"
    " worden.</p>",
    "bespreekpunten": "<p>Uit onze gesprekken en de kampvuursessie komen drie bespreekpunten. We"
    " verkenden ze op de werksessie van 29 september en de Velon-studiedag van 11 november 2022;"
    " de gesprekken gaan online door bij elk bespreekpunt.</p>",
}
CHANGE_NOTE_2022 = "Eerste versie, augustus 2022."
CHANGE_NOTE_2023 = (
    "Na de studiedag van november 2022: de kennisbank als doel toegevoegd en de bespreekpunten"
    " bijgewerkt."
)

MANIFEST = {
    "title": "Flexibel opleiden van leraren",
    "subtitle": "Een groeidocument van de Velon Themagroep Flexibel Opleiden",
    "intro": "<p>Dit manifest verandert mee met wat we leren. Elke versie blijft te lezen en te"
    " citeren, en bij elk onderdeel kun je het gesprek aangaan.</p>",
}
MANIFEST_EN = {
    "title": "Flexible teacher education",
    "subtitle": "A growth document of the Velon theme group on flexible teacher education",
    "intro": "<p>This manifesto changes with what we learn. Every version stays readable and"
    " citable, and each section invites discussion.</p>",
    "change_note": "English translation of the current version.",
}
SECTIONS_EN = {
    "definitie": (
        "What do we mean by flexible teacher education?",
        (
            "<p>Flexible teacher education starts from the future teacher: educators look at what "
            "needs to be learned from that person's situation and career. Besides the basics of "
            "the "
            "profession, career guidance, biographical coaching, entrepreneurship, creativity, "
            "social"
            " engagement and self-direction belong to the programme.</p>"
        ),
    ),
    "visie": (
        "Vision",
        (
            "<p>Flexible education makes the profession more accessible and attractive, because it "
            "fits who the student is and what schools ask. We prepare for a career, not a single "
            "job,"
            "in variants from full-time to career switchers, and ultimately in a personal "
            "learning "
            "route. The Samen Opleiden &amp; Professionaliseren partnerships are a building "
            "block: by"
            " 2030 every student learns within one.</p>"
        ),
    ),
    "doelen": (
        "Goals",
        (
            "<p>The theme group learns from and with each other by sharing experiences and ideas, "
            "among ourselves and with all teacher educators. We record what we learn in an open "
            "knowledge base.</p>"
        ),
    ),
    "netwerken": (
        "Networks",
        (
            "<p>Many members work in a partnership and in networks such as the Voorlopersgroep "
            "Samen "
            "Opleiden, the Velon members' council and the Leraren voor Morgen working groups.</p>"
        ),
    ),
    "achtergrond": (
        "Background",
        (
            "<p>Flexible teacher education has a long history, from workplace-based experiments in "
            "the 1990s to the OCW flexibilisation pilots (from 2016), the Bestuursakkoord and the "
            "Leraren voor Morgen project (from 2021).</p>"
        ),
    ),
    "bespreekpunten": (
        "Discussion points",
        (
            "<p>Three discussion points came out of our conversations; we explored them in autumn "
            "2022 and the conversation continues online.</p>"
        ),
    ),
    "leeruitkomsten": (
        "Learning outcomes",
        (
            "<p>Since the pilots, many programmes work with learning outcomes. What are the "
            "experiences, opportunities and bottlenecks?</p>"
        ),
    ),
    "opleidingsvarianten": (
        "Programme variants",
        (
            "<p>Many routes into teaching have emerged, perhaps too many according to the "
            "Inspectorate (2020). Does flexible education within partnerships offer a workable "
            "answer?</p>"
        ),
    ),
    "meer-dan-leraren": (
        "More than teachers?",
        (
            "<p>Will we still educate teachers, or education professionals, including people from "
            "care, social work or psychology?</p>"
        ),
    ),
}

INDEX = {
    "nl": {
        "title": "Kennisbank",
        "intro": "<p>Wat leden weten over pilots, routes naar het leraarschap, leeruitkomsten en"
        " partnerschappen, met de bronnen erbij. Veel hiervan staat nergens anders online.</p>",
    },
    "en": {
        "title": "Knowledge base",
        "intro": "<p>What members know about pilots, routes into teaching, learning outcomes and"
        " partnerships, with their sources.</p>",
    },
}

# slug, owner, title, summary, paragraphs, tags, sources, bespreekpunt slugs, status,
# first published (ISO date)
ARTICLES = [
    {
        "slug": "ocw-pilots-flexibilisering",
        "owner": "anouk",
        "title": "De OCW-pilots flexibilisering",
        "summary": "Vanaf 2016 experimenteerden hogescholen, ook pabo's en tweedegraads"
        " lerarenopleidingen, met flexibel onderwijs op basis van leeruitkomsten.",
        "paragraphs": [
            "Het ministerie van OCW startte in 2016 pilots om het hoger onderwijs flexibeler te"
            " maken, vooral voor deeltijdstudenten en werkenden. Lerarenopleidingen deden vaak mee"
            " vanuit een partnerschap met scholen.",
            "De kern: niet de cursus maar de leeruitkomst staat centraal, zodat eerder verworven"
            " kennis telt en de student een eigen route kan lopen.",
        ],
        "tags": ["pilots", "leeruitkomsten", "OCW"],
        "sources": [source("Pilots flexibilisering", "Ministerie van OCW", 2016, PILOTS_URL)],
        "bespreekpunten": ["leeruitkomsten"],
        "status": "peer_reviewed",
        "published": "2022-09-20",
    },
    {
        "slug": "partnerschappen-samen-opleiden",
        "owner": "bram",
        "title": "Partnerschappen Samen Opleiden & Professionaliseren",
        "summary": "Scholen en opleidingen leiden samen op in zo'n 120 partnerschappen; tegen"
        " 2030 studeert elke aanstaande leraar binnen zo'n partnerschap.",
        "paragraphs": [
            "In een partnerschap SO&P wisselen leren op de werkplek en leren op het instituut"
            " elkaar af. Het Platform Samen Opleiden houdt een overzicht bij van alle"
            " partnerschappen.",
            "Een voorbeeld is het artikel over specifieke afstudeerrichtingen van het"
            " partnerschap Friesland College en NHL Stenden (2020).",
        ],
        "tags": ["partnerschappen", "SO&P"],
        "sources": [
            source("Vind elkaar: de partnerschappen", "Platform Samen Opleiden", None, SOP_URL),
            source(
                "Flexibilisering en specifieke afstudeerrichtingen",
                "Platform Samen Opleiden",
                2020,
                SOP_ARTICLE_URL,
            ),
        ],
        "bespreekpunten": ["opleidingsvarianten"],
        "status": "adopted",
        "published": "2022-10-04",
    },
    {
        "slug": "bestuursakkoord-flexibilisering",
        "owner": "fatima",
        "title": "Bestuursakkoord Flexibilisering Lerarenopleidingen",
        "summary": "In 2020 spraken overheid en hogescholen af om lerarenopleidingen flexibeler"
        " te maken; het akkoord leidde tot het project Leraren voor Morgen.",
        "paragraphs": [
            "Het akkoord (oktober 2020) moet het makkelijker maken om via verschillende routes"
            " leraar te worden, met meer ruimte voor maatwerk voor zij-instromers en werkenden.",
        ],
        "tags": ["beleid", "flexibilisering"],
        "sources": [
            source(
                "Bestuursakkoord Flexibilisering Lerarenopleidingen",
                "Rijksoverheid",
                2020,
                AKKOORD_URL,
            )
        ],
        "bespreekpunten": ["opleidingsvarianten"],
        "status": "concept",
        "published": "2023-02-14",
    },
    {
        "slug": "leraren-voor-morgen",
        "owner": "lotte",
        "title": "Het project Leraren voor Morgen",
        "summary": "Vereniging Hogescholen werkt sinds 2021 in werkgroepen aan flexibele"
        " leerroutes; de eerste opbrengsten zijn openbaar.",
        "paragraphs": [
            "Werkgroepen van Leraren voor Morgen brachten de belangrijkste opleidingsroutes in"
            " kaart en beschreven wat lerarenopleiders nodig hebben om met flexibele leerroutes"
            " te werken.",
        ],
        "tags": ["Leraren voor Morgen", "opleidingsroutes", "professionalisering"],
        "sources": [
            source("Leraren voor Morgen", "Vereniging Hogescholen", 2021, LVM_URL),
            source(
                "Inventarisatie van de belangrijkste opleidingsroutes",
                "Leraren voor Morgen",
                2022,
                LVM_ROUTES_URL,
            ),
            source("Werken met flexibele leerroutes", "Leraren voor Morgen", 2022, LVM_FLEX_URL),
        ],
        "bespreekpunten": ["leeruitkomsten", "opleidingsvarianten"],
        "status": "peer_reviewed",
        "published": "2023-05-09",
    },
    {
        "slug": "inspectie-routes-naar-het-leraarschap",
        "owner": "joost",
        "title": "De Inspectie over routes naar het leraarschap (2020)",
        "summary": "Het themarapport van de Inspectie laat zien hoeveel routes er naar het"
        " leraarschap bestaan, en vraagt zich af of dat er niet te veel zijn.",
        "paragraphs": [
            "De Inspectie van het Onderwijs bracht in april 2020 de routes naar het leraarschap"
            " in kaart, van voltijd tot zij-instroom en PDG. Het rapport is een startpunt voor het"
            " bespreekpunt over opleidingsvarianten.",
        ],
        "tags": ["Inspectie", "opleidingsroutes"],
        "sources": [
            source(
                "Routes naar het leraarschap", "Inspectie van het Onderwijs", 2020, INSPECTIE_URL
            )
        ],
        "bespreekpunten": ["opleidingsvarianten", "meer-dan-leraren"],
        "status": "concept",
        "published": "2024-03-12",
    },
]

ARTICLES_EN = {
    "ocw-pilots-flexibilisering": (
        "The OCW flexibilisation pilots",
        "From 2016, universities of applied sciences, teacher education among them, tried out"
        " flexible programmes built on learning outcomes.",
        "The Ministry of Education started pilots in 2016 to make higher education more flexible"
        " for part-time students and working people; the learning outcome, not the course, is"
        " central.",
    ),
    "partnerschappen-samen-opleiden": (
        "Samen Opleiden & Professionaliseren partnerships",
        "Schools and institutes educate teachers together in some 120 partnerships; by 2030"
        " every student teacher learns within one.",
        "In a partnership, learning at the workplace and at the institute alternate.",
    ),
    "bestuursakkoord-flexibilisering": (
        "The administrative agreement on flexible teacher education",
        "In 2020 government and universities of applied sciences agreed to make teacher"
        " education more flexible.",
        "The agreement of October 2020 makes room for tailored routes for career switchers.",
    ),
    "leraren-voor-morgen": (
        "The Leraren voor Morgen project",
        "Since 2021 working groups of the Netherlands Association of Universities of Applied"
        " Sciences work on flexible learning routes.",
        "The working groups mapped the main routes into teaching.",
    ),
    "inspectie-routes-naar-het-leraarschap": (
        "The Inspectorate on routes into teaching (2020)",
        "The Inspectorate's 2020 report shows how many routes into teaching exist.",
        "The report is a starting point for the discussion point on programme variants.",
    ),
}


# Amendments members proposed (knowledge.amendments), in our own words.
ADOPTED_AMENDMENT: dict[str, Any] = {
    "by": "lotte",
    "anchor": "leeruitkomsten",
    "text": "Sinds de pilots werken veel opleidingen met leeruitkomsten: beschrijvingen van wat"
    " een student na een leerproces weet en kan. Elk partnerschap geeft ze een eigen kleur, en"
    " steeds vaker beoordelen school en instituut ze samen op de werkplek. Wat zijn de"
    " ervaringen, kansen en knelpunten, en wat vraagt dit van opleiders en"
    " werkplekbegeleiders?",
    "reason": "In de gesprekken hier ging het steeds over samen beoordelen op de werkplek; dat"
    " hoort in de tekst, net als de werkplekbegeleiders.",
    "posts": [
        ("anouk", "Mee eens: op onze pabo is samen beoordelen juist het lastigste stuk."),
        ("bram", "Goed dat de werkplekbegeleiders erin staan; zij doen het meeste werk."),
    ],
    "responses": [
        ("anouk", "consent"),
        ("bram", "consent"),
        ("fatima", "consent"),
        ("joost", "abstain"),
    ],  # fmt: skip
    "note": "Aangenomen op de online werksessie; geen bezwaren.",
}
OPEN_AMENDMENT: dict[str, Any] = {
    "by": "fatima",
    "anchor": "opleidingsvarianten",
    "text": "In twintig jaar zijn er veel routes naar het leraarschap ontstaan, volgens de"
    " Inspectie (2020) misschien te veel. Biedt flexibel opleiden in partnerschappen een"
    " werkbaar antwoord, wat kunnen de opleidingen van elkaar leren, en hoe helpen we"
    " aanstaande studenten de route te kiezen die bij hen past?",
    "reason": "Zij-instromers vertellen ons dat ze door de bomen het bos niet zien; de keuze van"
    " de route verdient een plek in de vraag.",
    "responses": [
        ("bram", "consent", ""),
        (
            "joost",
            "objection",
            "De vraag wordt zo breed dat het bespreekpunt zijn scherpte verliest; liever een eigen"
            " bespreekpunt over oriëntatie.",
        ),
    ],
}
