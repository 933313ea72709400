"""Texts of the community demo: the three bespreekpunten of the 2022 manifest, told in our own
words, and fictional conversations of the demo members about them."""

from typing import Any

MANIFEST_URL = "https://velon.nl/wp-content/uploads/2022/08/Kampvuursessie-Flexibel-opleiden.pdf"

INDEX: dict[str, dict[str, Any]] = {
    "nl": {
        "title": "Bespreekpunten",
        "intro": (
            "<p>Drie vragen die in de themagroep en bij de kampvuursessie op het Velon-congres"
            " van 2022 bovenkwamen. We verkennen ze samen in werksessies, op de studiedag en"
            " hier online. Kies een bespreekpunt, lees waar het over gaat en praat mee.</p>"
        ),
    },
    "en": {
        "title": "Discussion points",
        "intro": (
            "<p>Three questions that came up in the theme group and at the campfire session of"
            " the 2022 Velon conference. We explore them together at work sessions, at the study"
            " day and here online. Pick one, read what it is about and join in.</p>"
        ),
    },
}

BESPREEKPUNTEN: list[dict[str, Any]] = [
    {
        "slug": "leeruitkomsten",
        "nl": {
            "title": "Leeruitkomsten",
            "number": 1,
            "status": "exploring",
            "manifest_url": MANIFEST_URL,
            "intro": (
                "<p>Sinds de flexibiliseringspilots van het ministerie werken steeds meer"
                " opleidingen met leeruitkomsten: omschrijvingen van wat een student aan het"
                " eind van een leerproces weet, begrijpt en kan. Minstens zo belangrijk als de"
                " formulering is de weg ernaartoe: elk partnerschap geeft de leeruitkomsten een"
                " eigen kleur.</p>"
            ),
            "questions": (
                "<ul><li>Wat zijn jullie ervaringen met leeruitkomsten, en waar zitten de kansen"
                " en de knelpunten?</li><li>Wat heeft een partnerschap nodig om er in de"
                " dagelijkse praktijk goed mee te werken?</li><li>Hoe professionaliseren we"
                " lerarenopleiders die vanuit leeruitkomsten opleiden? (Zie ook wat de werkgroep"
                " van Leraren voor morgen opleverde.)</li></ul>"
            ),
        },
        "en": {
            "title": "Learning outcomes",
            "intro": (
                "<p>Since the ministry's flexibility pilots, more and more programmes work with"
                " learning outcomes: descriptions of what a student knows, understands and can do"
                " at the end of a learning process. How they come about matters just as much:"
                " every partnership gives them its own colour.</p>"
            ),
            "questions": (
                "<ul><li>What are your experiences with learning outcomes; where are the"
                " opportunities and the bottlenecks?</li><li>What does a partnership need to work"
                " with them well in daily practice?</li><li>How do we develop teacher educators"
                " who teach from learning outcomes? (See also the results of the Leraren voor"
                " morgen working group.)</li></ul>"
            ),
        },
    },
    {
        "slug": "opleidingsvarianten",
        "nl": {
            "title": "Opleidingsvarianten",
            "number": 2,
            "status": "exploring",
            "manifest_url": MANIFEST_URL,
            "intro": (
                "<p>In twintig jaar zijn er veel routes naar het leraarschap bijgekomen; volgens"
                " de Inspectie in 2020 misschien wel te veel. Een werkgroep van Leraren voor"
                " morgen bracht de belangrijkste routes opnieuw in kaart.</p>"
            ),
            "questions": (
                "<ul><li>Wat betekent die veelheid aan varianten in de praktijk, en is flexibel"
                " opleiden binnen partnerschappen een werkbaar antwoord?</li><li>Wat kunnen"
                " opleidingen voor speciaal en basisonderwijs, vmbo, havo, vwo en mbo van elkaar"
                " leren? Kunnen we samen modules ontwikkelen?</li><li>Hoe helpen we aankomende"
                " studenten en zij-instromers zich op het beroep te oriënteren?</li></ul>"
            ),
        },
        "en": {
            "title": "Programme variants",
            "intro": (
                "<p>Over twenty years many routes into teaching have been added; perhaps too many,"
                " as the Inspectorate noted in 2020. A Leraren voor morgen working group mapped the"
                " main routes again.</p>"
            ),
            "questions": (
                "<ul><li>What does this variety mean in practice, and is flexible teacher"
                " education within partnerships a workable answer?</li><li>What can programmes"
                " for special and primary education, vmbo, havo, vwo and mbo learn from each"
                " other? Can we develop shared modules?</li><li>How do we help prospective"
                " students and career switchers explore the profession?</li></ul>"
            ),
        },
    },
    {
        "slug": "meer-dan-leraren",
        "nl": {
            "title": "Meer dan leraren?",
            "number": 3,
            "status": "open",
            "manifest_url": MANIFEST_URL,
            "intro": (
                "<p>Als opleiden flexibeler wordt, leiden we dan nog 'leraren' op, of eerder"
                " 'onderwijsprofessionals'? Flexibel opleiden maakt het makkelijker om aan te"
                " sluiten bij mensen uit andere vakgebieden die in de school werken, zoals social"
                " work, zorg, pedagogiek of psychologie.</p>"
            ),
            "questions": (
                "<ul><li>Spreken we straks beter over onderwijsprofessionals dan over"
                " leraren?</li><li>Wordt ook de opleiding van onderwijsassistenten (mbo 4) en"
                " leraarondersteuners (Associate degree) flexibel?</li><li>Geven we dat ook vorm"
                " binnen de partnerschappen?</li></ul>"
            ),
        },
        "en": {
            "title": "More than teachers?",
            "intro": (
                "<p>As teacher education becomes more flexible, are we still educating"
                " 'teachers', or rather 'education professionals'? Flexibility makes it easier to"
                " connect with people from other fields who work in schools, such as social work,"
                " care, pedagogy or psychology.</p>"
            ),
            "questions": (
                "<ul><li>Should we speak of education professionals rather than"
                " teachers?</li><li>Will the education of teaching assistants (mbo level 4) and"
                " teacher aides (Associate degree) become flexible too?</li><li>Do we shape that"
                " within the partnerships as well?</li></ul>"
            ),
        },
    },
]

# Per bespreekpunt: topics with posts (by, text, to=reply to number, quote=(number, selection)),
# edits {number: new text}, reactions {number: {kind: [usernames]}} and key insights.
TOPICS: dict[str, list[dict[str, Any]]] = {
    "leeruitkomsten": [
        {
            "slug": "hoe-formuleer-je-een-goede-leeruitkomst",
            "title": "Hoe formuleer je een goede leeruitkomst?",
            "tags": ["formuleren", "pabo"],
            "days_ago": 24,
            "posts": [
                {
                    "by": "anouk",
                    "text": (
                        "Wij herschrijven dit jaar de leeruitkomsten van onze deeltijdpabo. We"
                        ' merken dat ze óf te breed worden ("de student handelt professioneel")'
                        " óf uiteenvallen in afvinklijstjes.\n\nHoe vinden jullie het midden?"
                        " Werken jullie met een vast format?"
                    ),
                },
                {
                    "by": "lotte",
                    "text": (
                        "Wat in ons onderzoek helpt: formuleer de leeruitkomst als een"
                        " **beroepstaak in context**, niet als losse vaardigheid. Dus niet"
                        " *kan differentiëren* maar *ontwerpt voor een eigen groep een les"
                        " waarin verschillen tussen leerlingen zichtbaar worden benut*.\n\n"
                        "| Te breed | Te smal | Werkbaar |\n|---|---|---|\n"
                        "| handelt professioneel | gebruikt drie werkvormen | ontwerpt en"
                        " verantwoordt een lessenreeks |"
                    ),
                    "to": 1,
                },
                {
                    "by": "bram",
                    "quote": (2, "formuleer de leeruitkomst als een **beroepstaak in context**"),
                    "text": (
                        "Herkenbaar vanuit de school. Onze werkplekbegeleiders kunnen zo'n"
                        " beroepstaak ook echt beoordelen, omdat ze het in de klas zien"
                        " gebeuren. Bij abstracte formuleringen haken ze af."
                    ),
                },
                {
                    "by": "joost",
                    "text": (
                        "In het mbo werken we met kerntaken en werkprocessen; dat lijkt hier wel"
                        " op. @anouk, misschien kunnen we op de werksessie van 29 september onze"
                        " formats naast elkaar leggen?"
                    ),
                },
                {
                    "by": "anouk",
                    "text": "Goed idee, ik neem onze conceptversie mee. Dank voor de tabel @lotte!",
                    "to": 4,
                },
            ],
            "edits": {
                4: (
                    "In het mbo werken we met kerntaken en werkprocessen; dat lijkt hier sterk"
                    " op. @anouk, zullen we op de werksessie van 29 september onze formats naast"
                    " elkaar leggen?"
                ),
            },
            "reactions": {
                1: {"thumbsup": ["fatima", "bram"]},
                2: {"bulb": ["anouk", "bram", "joost"], "heart": ["fatima"]},
                3: {"thumbsup": ["lotte"]},
                4: {"thumbsup": ["anouk", "sanne"]},
            },
            "insights": [2],
        },
        {
            "slug": "beoordelen-met-leeruitkomsten-op-de-werkplek",
            "title": "Beoordelen met leeruitkomsten op de werkplek",
            "tags": ["assessment", "werkplekleren"],
            "days_ago": 15,
            "posts": [
                {
                    "by": "bram",
                    "text": (
                        "Bij ons beoordelen school en instituut samen of een zij-instromer een"
                        " leeruitkomst heeft behaald. Dat gaat goed bij de sterke studenten,"
                        " maar bij twijfelgevallen wordt het een onderhandeling. Wie heeft het"
                        " laatste woord?"
                    ),
                },
                {
                    "by": "anouk",
                    "text": (
                        "Wij kalibreren twee keer per jaar met alle assessoren op"
                        " geanonimiseerde bewijsstukken. Dat kost tijd, maar de discussies in de"
                        " beoordeling zelf zijn daarna veel korter."
                    ),
                    "to": 1,
                },
                {
                    "by": "fatima",
                    "quote": (2, "Wij kalibreren twee keer per jaar met alle assessoren"),
                    "text": (
                        "Dat willen wij ook. Hoe organiseren jullie dat met schoolopleiders die"
                        " maar een paar uur per week voor opleiden hebben?"
                    ),
                },
                {
                    "by": "anouk",
                    "text": (
                        "We plannen het op de vaste partnerschapsmiddag en de school krijgt de"
                        " uren vergoed uit de subsidie Samen Opleiden. Zonder die afspraak lukt"
                        " het niet."
                    ),
                    "to": 3,
                },
            ],
            "reactions": {
                2: {"bulb": ["bram", "fatima", "sanne"]},
                4: {"thumbsup": ["fatima"], "heart": ["bram"]},
            },
            "insights": [2, 4],
        },
        {
            "slug": "professionalisering-van-opleiders",
            "title": "Wat hebben opleiders nodig om vanuit leeruitkomsten te werken?",
            "tags": ["professionalisering"],
            "days_ago": 6,
            "posts": [
                {
                    "by": "lotte",
                    "text": (
                        "De werkgroep van Leraren voor morgen noemde begeleiding van"
                        " lerarenopleiders als een voorwaarde. Wat merken jullie daarvan? Ik"
                        " verzamel voorbeelden voor de studiedag van 11 november."
                    ),
                },
                {
                    "by": "joost",
                    "text": (
                        "Vooral: tijd om samen bewijsstukken te bekijken. Collega's vinden het"
                        " spannend om los te laten dat iedereen dezelfde opdrachten maakt."
                    ),
                },
                {
                    "by": "sanne",
                    "text": (
                        "Mooi om op te halen, @lotte. Ik zet het als vraag op de agenda van de"
                        " studiedag."
                    ),
                },
            ],
            "reactions": {2: {"thumbsup": ["lotte", "anouk"]}, 3: {"heart": ["lotte"]}},
        },
    ],
    "opleidingsvarianten": [
        {
            "slug": "door-de-bomen-het-bos-zien",
            "title": "Door de bomen het bos nog zien: welke route past bij wie?",
            "tags": ["zij-instroom", "oriëntatie"],
            "days_ago": 20,
            "posts": [
                {
                    "by": "fatima",
                    "text": (
                        "Elke week krijg ik mails van mensen die leraar willen worden en niet"
                        " weten of ze voltijd, deeltijd, zij-instroom of een verkort traject"
                        " moeten kiezen. De inventarisatie van Leraren voor morgen helpt ons,"
                        " maar voor een aspirant-student is die te ingewikkeld.\n\nHoe geven"
                        " jullie oriëntatie vorm?"
                    ),
                },
                {
                    "by": "bram",
                    "text": (
                        "Wij laten kandidaten eerst een dag meelopen op school, nog vóór het"
                        " intakegesprek. Daarna is de keuze voor een route vaak al veel"
                        " duidelijker."
                    ),
                    "to": 1,
                },
                {
                    "by": "eva",
                    "text": (
                        "Voor de kennisbank maak ik een overzicht in gewone taal: drie vragen"
                        " (vooropleiding, werkervaring, beschikbare tijd) en dan de routes die"
                        " passen. Reacties welkom!"
                    ),
                },
                {
                    "by": "fatima",
                    "quote": (3, "drie vragen (vooropleiding, werkervaring, beschikbare tijd)"),
                    "text": "Dat zou enorm helpen. Ik lees graag mee met een concept.",
                },
            ],
            "reactions": {
                1: {"thumbsup": ["bram", "joost", "anouk"]},
                2: {"bulb": ["fatima", "eva"]},
                3: {"heart": ["fatima", "sanne"]},
            },
            "insights": [2],
        },
        {
            "slug": "gezamenlijke-modules-po-vo-mbo",
            "title": "Gezamenlijke modules voor po, vo en mbo?",
            "tags": ["modules", "mbo"],
            "days_ago": 11,
            "posts": [
                {
                    "by": "joost",
                    "text": (
                        "Klassenmanagement, ontwikkelingspsychologie, omgaan met verschillen:"
                        " elke opleiding bouwt het zelf. Zou een gedeelde module, met"
                        " sectorspecifieke opdrachten, niet slimmer zijn?"
                    ),
                },
                {
                    "by": "anouk",
                    "text": (
                        "Inhoudelijk zeker. Het lastige zit in de examenregels en de"
                        " studiepunten: wie geeft het certificaat af?"
                    ),
                },
                {
                    "by": "lotte",
                    "quote": (1, "met sectorspecifieke opdrachten"),
                    "text": (
                        "Juist die combinatie maakt het interessant: een gedeelde kern en een"
                        " toepassing in je eigen sector. Studenten leren ook van elkaars"
                        " praktijk."
                    ),
                },
            ],
            "reactions": {1: {"thinking": ["anouk", "fatima"]}, 3: {"bulb": ["joost"]}},
        },
        {
            "slug": "flexibel-opleiden-als-antwoord",
            "title": "Is flexibel opleiden binnen het partnerschap hét antwoord?",
            "tags": ["partnerschap"],
            "days_ago": 3,
            "posts": [
                {
                    "by": "sanne",
                    "text": (
                        "Stelling voor de werksessie: *niet meer varianten, maar één flexibele"
                        " route per partnerschap met maatwerk voor iedere student.* Eens of"
                        " oneens?"
                    ),
                },
                {
                    "by": "fatima",
                    "text": (
                        "Eens, mits de student ook kan overstappen naar een ander partnerschap"
                        " zonder opnieuw te beginnen."
                    ),
                    "to": 1,
                },
            ],
            "reactions": {1: {"thinking": ["bram", "joost", "lotte"]}},
        },
    ],
    "meer-dan-leraren": [
        {
            "slug": "onderwijsprofessional-of-leraar",
            "title": "Onderwijsprofessional of leraar: maakt het woord uit?",
            "tags": ["beroepsbeeld"],
            "days_ago": 12,
            "posts": [
                {
                    "by": "lotte",
                    "text": (
                        "In veel scholen werken nu ook jeugdhulpverleners, orthopedagogen en"
                        " onderwijsassistenten. Als we flexibel gaan opleiden, moeten we dan"
                        " breder kijken dan 'de leraar'?"
                    ),
                },
                {
                    "by": "bram",
                    "text": (
                        "Voor de school telt het team. Maar de bevoegdheid blijft voor ouders en"
                        " leerlingen belangrijk; ik zou het woord leraar niet loslaten."
                    ),
                },
                {
                    "by": "joost",
                    "quote": (2, "Voor de school telt het team."),
                    "text": (
                        "Precies. Misschien moeten we opleiden voor samenwerken in zo'n team,"
                        " ongeacht de achtergrond."
                    ),
                },
            ],
            "reactions": {1: {"thinking": ["bram", "anouk"]}, 3: {"bulb": ["lotte", "sanne"]}},
            "insights": [3],
        },
        {
            "slug": "onderwijsassistenten-en-leraarondersteuners",
            "title": "Onderwijsassistenten en leraarondersteuners ook flexibel opleiden?",
            "tags": ["mbo", "associate-degree"],
            "days_ago": 4,
            "posts": [
                {
                    "by": "joost",
                    "text": (
                        "Onze mbo-4 opleiding onderwijsassistent zit vol werkende studenten. Kan"
                        " het partnerschap ook hún route flexibel maken, met doorstroom naar de"
                        " Associate degree?"
                    ),
                },
                {
                    "by": "fatima",
                    "text": (
                        "Wij verkennen dat met het mbo in de regio. Leeruitkomsten die op"
                        " elkaar aansluiten zijn dan de sleutel: zie ook het bespreekpunt"
                        " Leeruitkomsten."
                    ),
                },
            ],
            "reactions": {1: {"thumbsup": ["fatima", "sanne"]}},
        },
    ],
}
