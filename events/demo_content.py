"""The agenda of the demo site, from the facts of the network's 2022 manifest in our own words.

Past sessions keep their real dates; upcoming demo events are placed relative to today so they
stay upcoming. Outcomes point at bespreekpunten by their slug.
"""

from typing import Any

AGENDA: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Agenda",
        "intro": "<p>Werksessies, studiedagen en congressessies van de themagroep. Meld je aan, "
        "zet ze in je agenda en lees na afloop de opbrengsten terug.</p>",
    },
    "en": {
        "title": "Agenda",
        "intro": "<p>Work sessions, study days and congress sessions of the theme group. "
        "Register, add them to your calendar and read the outcomes afterwards.</p>",
    },
}

KAMPVUUR_REPORT = "https://velon.nl/wp-content/uploads/2022/08/Kampvuursessie-Flexibel-opleiden.pdf"

# (slug, when, common fields, nl fields, en fields, outcome or None, registrations)
# `when` is either an ISO date with times (past) or (days from today, start hour, hours).
PAST_EVENTS: list[dict[str, Any]] = [
    {
        "slug": "kampvuursessie-congres-2022",
        "start": "2022-03-15T13:30:00",
        "end": "2022-03-15T15:00:00",
        "fields": {"kind": "congress", "audience": "everyone", "registration_enabled": False},
        "nl": {
            "title": "Kampvuursessie op het Velov/Velon-congres",
            "location": "Velov/Velon-congres 2022",
            "organiser": "Velon Themagroep Flexibel Opleiden",
            "summary": "Rond het kampvuur verkenden lerarenopleiders uit instituut en school "
            "wat flexibel opleiden in hun partnerschap vraagt.",
            "description": "<p>Een open gesprek in een kring: iedereen bracht een ervaring mee "
            "met flexibele leerroutes. Uit dit gesprek kwamen de bespreekpunten voort waar de "
            f'themagroep in het najaar mee verder ging. <a href="{KAMPVUUR_REPORT}">Het '
            "verslag van Velon (pdf)</a>.</p>",
        },
        "en": {
            "title": "Campfire session at the Velov/Velon conference",
            "location": "Velov/Velon conference 2022",
            "organiser": "Velon theme group Flexible Teacher Education",
            "summary": "Around the campfire, teacher educators from institutes and schools "
            "explored what flexible teacher education asks of their partnership.",
            "description": "<p>An open conversation in a circle: everyone brought an experience "
            "with flexible learning routes. The discussion points the theme group took up in "
            f'the autumn grew out of it. <a href="{KAMPVUUR_REPORT}">Velon\'s report '
            "(pdf)</a>.</p>",
        },
        "outcome": "kampvuur",
    },
    {
        "slug": "werksessie-themagroep-september-2022",
        "start": "2022-09-29T14:00:00",
        "end": "2022-09-29T17:00:00",
        "fields": {"kind": "werksessie", "audience": "members", "registration_enabled": False},
        "nl": {
            "title": "Werksessie van de themagroep",
            "location": "Utrecht",
            "organiser": "Velon Themagroep Flexibel Opleiden",
            "summary": "Een middag verder praten over leeruitkomsten en opleidingsvarianten.",
            "description": "<p>De themagroep pakte twee bespreekpunten uit de kampvuursessie "
            "op en werkte ze uit aan de hand van voorbeelden uit de partnerschappen.</p>",
        },
        "en": {
            "title": "Work session of the theme group",
            "location": "Utrecht",
            "organiser": "Velon theme group Flexible Teacher Education",
            "summary": "An afternoon to continue on learning outcomes and programme variants.",
            "description": "<p>The theme group took up two discussion points from the campfire "
            "session and worked on them with examples from the partnerships.</p>",
        },
        "outcome": "september",
    },
    {
        "slug": "velon-studiedag-november-2022",
        "start": "2022-11-11T09:30:00",
        "end": "2022-11-11T16:00:00",
        "fields": {"kind": "studiedag", "audience": "everyone", "registration_enabled": False},
        "nl": {
            "title": "Velon studiedag: flexibel opleiden",
            "location": "Velon studiedag",
            "organiser": "Velon",
            "summary": "Op de studiedag werkten we met collega's van buiten de themagroep aan de "
            "vraag of we straks nog over 'leraren' spreken.",
            "description": "<p>Een workshop binnen de Velon studiedag over de breedte van het "
            "onderwijsteam en wat flexibel opleiden daarvoor betekent.</p>",
        },
        "en": {
            "title": "Velon study day: flexible teacher education",
            "location": "Velon study day",
            "organiser": "Velon",
            "summary": "At the study day we worked with colleagues from outside the theme group "
            "on whether we will still speak of 'teachers'.",
            "description": "<p>A workshop within the Velon study day on the breadth of the "
            "school team and what flexible teacher education means for it.</p>",
        },
        "outcome": "november",
    },
]

UPCOMING_EVENTS: list[dict[str, Any]] = [
    {
        "slug": "online-werksessie-leeruitkomsten",
        "days": 10,
        "hour": 15,
        "hours": 2,
        "fields": {
            "kind": "online",
            "audience": "members",
            "registration_enabled": True,
            "capacity": 3,
            "online_url": "https://meet.example.org/flexibel-opleiden-leeruitkomsten",
            "ask_bespreekpunt": True,
        },
        "programme": [("15:00", "15:45", "leeruitkomsten"), ("15:45", "17:00", None)],
        "nl": {
            "title": "Online werksessie: leeruitkomsten in het partnerschap",
            "location": "Online",
            "organiser": "Anouk Jansen",
            "summary": "Met een kleine groep ervaringen delen: hoe krijgt een partnerschap zijn "
            "eigen kleur in leeruitkomsten?",
            "description": "<p>We nemen één uitgewerkte leeruitkomst mee en bespreken wat er "
            "nodig is om ermee te werken op de werkplek.</p>",
            "slots": ["Voorbeelden uit twee partnerschappen", "In tweetallen verder"],
        },
        "en": {
            "title": "Online work session: learning outcomes in the partnership",
            "location": "Online",
            "organiser": "Anouk Jansen",
            "summary": "Sharing experiences in a small group: how does a partnership give "
            "learning outcomes its own colour?",
            "description": "<p>We bring one worked-out learning outcome and discuss what it "
            "takes to use it in the workplace.</p>",
            "slots": ["Examples from two partnerships", "Continuing in pairs"],
        },
        # The first three get the seats, the others wait in this order.
        "registrations": ["anouk", "bram", "fatima", "joost", "lotte"],
    },
    {
        "slug": "studiedag-opleidingsvarianten",
        "days": 40,
        "hour": 10,
        "hours": 6,
        "fields": {
            "kind": "studiedag",
            "audience": "everyone",
            "registration_enabled": True,
            "capacity": 40,
            "ask_dietary_needs": True,
            "ask_accessibility_needs": True,
            "ask_bespreekpunt": True,
        },
        "programme": [
            ("10:00", "12:00", "opleidingsvarianten"),
            ("13:00", "15:00", "meer-dan-leraren"),
            ("15:00", "16:00", None),
        ],
        "nl": {
            "title": "Studiedag: opleidingsvarianten naast elkaar",
            "location": "Jaarbeurs, Utrecht",
            "organiser": "Velon Themagroep Flexibel Opleiden",
            "summary": "Voltijd, deeltijd, zij-instroom en PDG naast elkaar gelegd: wat kunnen "
            "we van elkaar leren en wat kunnen we samen ontwikkelen?",
            "description": "<p>Open voor iedereen die lerarenopleiders opleidt of begeleidt.</p>",
            "slots": ["Routes in kaart", "Meer dan leraren?", "Afspraken voor het voorjaar"],
        },
        "en": {
            "title": "Study day: programme variants side by side",
            "location": "Jaarbeurs, Utrecht",
            "organiser": "Velon theme group Flexible Teacher Education",
            "summary": "Full-time, part-time, career switchers and PDG side by side: what can "
            "we learn from each other and develop together?",
            "description": "<p>Open to everyone who educates or supports teacher educators.</p>",
            "slots": ["Mapping the routes", "More than teachers?", "Plans for the spring"],
        },
        "registrations": ["sanne", "eva"],
    },
    {
        "slug": "werksessie-meer-dan-leraren",
        "days": 75,
        "hour": 14,
        "hours": 3,
        "fields": {
            "kind": "werksessie",
            "audience": "members",
            "registration_enabled": True,
            "capacity": 12,
        },
        "programme": [("14:00", "17:00", "meer-dan-leraren")],
        "nl": {
            "title": "Werksessie: meer dan leraren?",
            "location": "Hogeschool Deltastad, Rotterdam",
            "organiser": "Lotte Bakker",
            "summary": "Onderwijsassistenten, leraarondersteuners en professionals uit zorg en "
            "sociaal werk: leiden we hen ook flexibel op in het partnerschap?",
            "description": "<p>Een werksessie voor leden van de themagroep.</p>",
            "slots": ["Het onderwijsteam van morgen"],
        },
        "en": {
            "title": "Work session: more than teachers?",
            "location": "Hogeschool Deltastad, Rotterdam",
            "organiser": "Lotte Bakker",
            "summary": "Teaching assistants, associate-degree support staff and professionals "
            "from care and social work: do we educate them flexibly in the partnership too?",
            "description": "<p>A work session for members of the theme group.</p>",
            "slots": ["Tomorrow's school team"],
        },
        "registrations": ["fatima"],
    },
]

# Outcomes per session: (bespreekpunt slug, insights, open questions, agreements, advice, quotes)
OUTCOMES: dict[str, dict[str, Any]] = {
    "kampvuur": {
        "slug": "opbrengsten",
        "scribes": "Sanne, Lotte",
        "no_names": True,
        "nl": {
            "title": "Opbrengsten van de kampvuursessie",
            "intro": "<p>Wat er rond het kampvuur op tafel kwam, samengevat per bespreekpunt.</p>",
            "blocks": [
                (
                    "leeruitkomsten",
                    [
                        "Sinds de pilots werken veel opleidingen met leeruitkomsten, elk op hun "
                        "eigen manier."
                    ],
                    ["Hoe krijgen leeruitkomsten een eigen kleur per partnerschap?"],
                    [],
                    [],
                    [("Het gaat niet om het formulier, maar om het gesprek erover.", "")],
                ),
                (
                    "opleidingsvarianten",
                    ["Er zijn veel routes naar het leraarschap; soms te veel om te overzien."],
                    ["Is flexibel opleiden binnen partnerschappen het antwoord op die breedte?"],
                    [],
                    [],
                    [],
                ),
                (
                    "meer-dan-leraren",
                    ["In de school werken steeds meer professionals met een andere achtergrond."],
                    ["Spreken we straks nog over leraren, of over onderwijsprofessionals?"],
                    [],
                    [],
                    [],
                ),
            ],
        },
        "en": {
            "title": "Outcomes of the campfire session",
            "intro": "<p>What came up around the campfire, summarised per discussion point.</p>",
            "blocks": [
                (
                    "leeruitkomsten",
                    [
                        "Since the pilots many programmes work with learning outcomes, each in "
                        "their own way."
                    ],
                    ["How do learning outcomes get their own colour in each partnership?"],
                    [],
                    [],
                    [("It is not about the form, it is about the conversation.", "")],
                ),
                (
                    "opleidingsvarianten",
                    ["There are many routes into teaching; sometimes too many to oversee."],
                    ["Is flexible education within partnerships the answer to that breadth?"],
                    [],
                    [],
                    [],
                ),
                (
                    "meer-dan-leraren",
                    ["More and more professionals with other backgrounds work in schools."],
                    ["Will we still speak of teachers, or of education professionals?"],
                    [],
                    [],
                    [],
                ),
            ],
        },
    },
    "september": {
        "slug": "opbrengsten",
        "scribes": "Anouk Jansen",
        "no_names": False,
        "nl": {
            "title": "Opbrengsten van de werksessie van 29 september",
            "intro": "<p>Twee tafels, twee bespreekpunten.</p>",
            "blocks": [
                (
                    "leeruitkomsten",
                    [
                        "Werkplekopleiders willen meedenken over hoe een leeruitkomst zichtbaar "
                        "wordt in de praktijk."
                    ],
                    [
                        "Wat vraagt opleiden met leeruitkomsten van de professionalisering van "
                        "lerarenopleiders?"
                    ],
                    [
                        "We verzamelen voorbeelden van beoordelingsgesprekken uit drie "
                        "partnerschappen."
                    ],
                    ["Begin met één leeruitkomst en maak die samen met de school concreet."],
                    [("Een leeruitkomst leeft pas als de school hem herkent.", "Bram Visser")],
                ),
                (
                    "opleidingsvarianten",
                    [
                        "Zij-instromers en deeltijdstudenten zitten vaak in dezelfde school, maar "
                        "in verschillende trajecten."
                    ],
                    ["Kunnen opleidingen voor verschillende schoolsoorten modulen delen?"],
                    [],
                    ["Leg de routes van je eigen partnerschap naast elkaar op één pagina."],
                    [],
                ),
            ],
        },
        "en": {
            "title": "Outcomes of the work session of 29 September",
            "intro": "<p>Two tables, two discussion points.</p>",
            "blocks": [
                (
                    "leeruitkomsten",
                    [
                        "School-based educators want to help decide how a learning outcome "
                        "becomes visible in practice."
                    ],
                    [
                        "What does working with learning outcomes ask of the professional "
                        "development of teacher educators?"
                    ],
                    ["We collect examples of assessment conversations from three partnerships."],
                    ["Start with one learning outcome and make it concrete with the school."],
                    [
                        (
                            "A learning outcome only lives once the school recognises it.",
                            "Bram Visser",
                        )
                    ],
                ),
                (
                    "opleidingsvarianten",
                    [
                        "Career switchers and part-time students often share a school but follow "
                        "different routes."
                    ],
                    ["Can programmes for different school types share modules?"],
                    [],
                    ["Put the routes of your own partnership side by side on one page."],
                    [],
                ),
            ],
        },
    },
    "november": {
        "slug": "opbrengsten",
        "scribes": "Joost van Dijk",
        "no_names": False,
        "nl": {
            "title": "Opbrengsten van de Velon studiedag",
            "intro": "<p>De workshop op de studiedag, in het kort.</p>",
            "blocks": [
                (
                    "meer-dan-leraren",
                    [
                        "Deelnemers zien onderwijsassistenten en leraarondersteuners als deel van "
                        "het team dat samen opleidt."
                    ],
                    [
                        "Leiden we ook mbo-4 en Associate Degree flexibel op binnen het "
                        "partnerschap?"
                    ],
                    ["De themagroep maakt hier een apart bespreekpunt van voor het voorjaar."],
                    [],
                    [],
                ),
            ],
        },
        "en": {
            "title": "Outcomes of the Velon study day",
            "intro": "<p>The workshop at the study day, in short.</p>",
            "blocks": [
                (
                    "meer-dan-leraren",
                    [
                        "Participants see teaching assistants and associate-degree support staff "
                        "as part of the team that educates together."
                    ],
                    [
                        "Do we also educate at mbo-4 and Associate Degree level flexibly within "
                        "the partnership?"
                    ],
                    ["The theme group makes this a separate discussion point for the spring."],
                    [],
                    [],
                ),
            ],
        },
    },
}

# A monthly online series on the second Tuesday, started two months before the demo was first
# loaded, so it has past sessions and upcoming ones; the fifth date is skipped (a holiday).
SERIES: dict[str, Any] = {
    "slug": "online-intervisie-zij-instroom",
    "months_before": 2,
    "hour": 19,
    "minute": 30,
    "minutes": 90,
    "count": 10,
    "skip": 4,
    "fields": {
        "kind": "online",
        "audience": "members",
        "frequency": "monthly_weekday",
        "registration_enabled": True,
        "capacity": 12,
        "online_url": "https://meet.example.org/flexibel-opleiden-intervisie",
        "reminder_days": 1,
    },
    "nl": {
        "title": "Online intervisie zij-instroom",
        "location": "Online",
        "organiser": "Fatima El Amrani",
        "summary": "Elke tweede dinsdag van de maand: anderhalf uur casuïstiek over het "
        "begeleiden van zij-instromers, met collega's van instituten en scholen.",
        "description": "<p>Eén deelnemer brengt een situatie uit de eigen praktijk in; de groep "
        "stelt vragen en denkt mee volgens een vaste intervisiemethode. Meld je per avond aan: "
        "zo blijft de groep klein genoeg om iedereen aan het woord te laten.</p>",
    },
    "en": {
        "title": "Online peer consultation: career switchers",
        "location": "Online",
        "organiser": "Fatima El Amrani",
        "summary": "Every second Tuesday of the month: ninety minutes of case discussion on "
        "supporting career switchers, with colleagues from institutes and schools.",
        "description": "<p>One participant brings a situation from their own practice; the "
        "group asks questions and thinks along using a fixed peer consultation method. "
        "Register per evening, so the group stays small enough for everyone to speak.</p>",
    },
    # Who registered for the first upcoming session (in this order) and the last past one.
    "next_registrations": ["anouk", "fatima", "lotte"],
    "past_participants": ["bram", "fatima", "joost"],
}

# A study day that is over: most participants were checked in and have their certificate.
FINISHED_STUDIEDAG: dict[str, Any] = {
    "slug": "studiedag-werkplek-als-leeromgeving",
    "days_before": 21,
    "hour": 9,
    "minute": 30,
    "minutes": 390,
    "fields": {
        "kind": "studiedag",
        "audience": "members",
        "registration_enabled": True,
        "capacity": 40,
        "certificate_hours": "5.5",
        "ask_dietary_needs": True,
    },
    "nl": {
        "title": "Studiedag: de werkplek als leeromgeving",
        "location": "Hogeschool Deltastad, Rotterdam",
        "organiser": "Velon Themagroep Flexibel Opleiden",
        "summary": "Een dag over wat een school nodig heeft om studenten in flexibele routes "
        "echt te laten leren op de werkplek.",
        "description": "<p>Met werkplekopleiders en instituutsopleiders uit vier partnerschappen. "
        "Deelnemers die aanwezig waren, kunnen hun bewijs van deelname downloaden.</p>",
    },
    "en": {
        "title": "Study day: the workplace as a learning environment",
        "location": "Hogeschool Deltastad, Rotterdam",
        "organiser": "Velon theme group Flexible Teacher Education",
        "summary": "A day on what a school needs so that students in flexible routes really "
        "learn in the workplace.",
        "description": "<p>With school-based and institute-based teacher educators from four "
        "partnerships. Participants who attended can download their certificate.</p>",
    },
    # Registered and checked in, except the last, who did not come.
    "checked_in": ["anouk", "bram", "lotte", "sanne"],
    "absent": ["joost"],
}
