"""Parses what members type into the search box, in the spirit of Discourse's search.

    leeruitkomsten "werkplek leren" -toets tag:pabo type:uitkomst bespreekpunt:3 @marieke
    after:2022-01-01 before:2023 year:2022

`after:` includes the day it names, `before:` excludes it: before:2023 is up to 31 December 2022.

Parsing never fails: a malformed part (unbalanced quote, unknown filter, bad date) is read as
well as it can be and reported in `notices`, the rest still searches.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from search import synonyms
from search.text import language_of, stems, words

MAX_QUERY_LENGTH = 500
MAX_TERMS = 12

KINDS = ("manifest", "bespreekpunt", "topic", "post", "event", "outcome", "article", "document")
# Both languages' words for each kind work in type:, whatever the site language.
KIND_ALIASES = {
    "manifest": "manifest",
    "manifestsectie": "manifest",
    "section": "manifest",
    "bespreekpunt": "bespreekpunt",
    "bespreekpunten": "bespreekpunt",
    "topic": "topic",
    "topics": "topic",
    "onderwerp": "topic",
    "post": "post",
    "posts": "post",
    "bericht": "post",
    "berichten": "post",
    "reactie": "post",
    "event": "event",
    "events": "event",
    "bijeenkomst": "event",
    "activiteit": "event",
    "outcome": "outcome",
    "outcomes": "outcome",
    "uitkomst": "outcome",
    "uitkomsten": "outcome",
    "opbrengst": "outcome",
    "opbrengsten": "outcome",
    "article": "article",
    "articles": "article",
    "artikel": "article",
    "artikelen": "article",
    "document": "document",
    "documenten": "document",
    "pdf": "document",
}
FILTER_NAMES = {"tag", "type", "bespreekpunt", "before", "after", "year", "event"}
FILTER_ALIASES = {"voor": "before", "na": "after", "jaar": "year", "soort": "type"}

PART_RE = re.compile(
    r"""(?P<neg>-)?"(?P<phrase>[^"]*)"  # a quoted phrase, maybe excluded
    | (?P<key>[A-Za-z]+):(?:"(?P<qvalue>[^"]*)"|(?P<value>\S*))  # filter:value
    | @(?P<member>[\w.+-]+)  # @member
    | (?P<word>\S+)  # anything else""",
    re.VERBOSE,
)


@dataclass
class ParsedQuery:
    text: str = ""
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    bespreekpunt: str = ""
    event: str = ""
    member: str = ""
    after: date | None = None
    before: date | None = None
    year: int | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.kinds
            or self.tags
            or self.bespreekpunt
            or self.event
            or self.member
            or self.after
            or self.before
            or self.year
        )

    def clauses(self, language: str) -> list[list[tuple[str, ...]]]:
        """What must match: one clause per term or phrase, each a list of alternatives."""
        language = language_of(language)
        result = []
        for text in [*self.terms, *self.phrases]:
            term = tuple(stems(text, language))
            if term:
                result.append(synonyms.alternatives(term, language))
        return result[:MAX_TERMS]

    def exclusions(self, language: str) -> list[tuple[str, ...]]:
        language = language_of(language)
        return [term for text in self.excluded if (term := tuple(stems(text, language)))][
            :MAX_TERMS
        ]

    def highlight_stems(self, language: str) -> set[str]:
        return {stem for clause in self.clauses(language) for alt in clause for stem in alt}


def parse_date(value: str) -> date | None:
    """2022, 2022-05 or 2022-05-17, read as the first day they name."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def clean(value: str) -> str:
    """Without control characters (PostgreSQL refuses NUL in text), spaces collapsed."""
    return " ".join(CONTROL_RE.sub(" ", value).split())


def parse(raw: str) -> ParsedQuery:
    text = clean(raw)[:MAX_QUERY_LENGTH]
    query = ParsedQuery(text=text)
    if text.count('"') % 2:
        # An unbalanced quote: search the words, and say the phrase was not recognised.
        text = text.replace('"', " ")
        query.notices.append(_("A quotation mark was not closed; the words were searched apart."))
    for match in PART_RE.finditer(text):
        if match["phrase"] is not None:
            target = query.excluded if match["neg"] else query.phrases
            if words(match["phrase"]):
                target.append(match["phrase"])
        elif match["key"] is not None:
            _apply_filter(query, match["key"], match["qvalue"] or match["value"] or "")
        elif match["member"]:
            query.member = match["member"]
        elif match["word"].startswith("-") and len(match["word"]) > 1:
            query.excluded.append(match["word"][1:])
        else:
            query.terms.append(match["word"])
    return query


def _apply_filter(query: ParsedQuery, key: str, value: str) -> None:
    name = FILTER_ALIASES.get(key.lower(), key.lower())
    if name not in FILTER_NAMES:
        query.terms.extend([key, value])
        query.notices.append(
            _("“%(name)s:” is not a filter; it was searched as text.") % {"name": key}
        )
        return
    if not value:
        return
    if name == "type":
        kinds = [KIND_ALIASES.get(part.lower()) for part in value.split(",")]
        if not all(kinds):
            query.notices.append(_("Unknown type “%(value)s”; ignored.") % {"value": value})
        query.kinds.extend(kind for kind in kinds if kind and kind not in query.kinds)
    elif name == "tag":
        query.tags.extend(tag for tag in value.lower().split(",") if tag)
    elif name in ("bespreekpunt", "event"):
        setattr(query, name, value.lower())
    elif name == "year":
        if re.fullmatch(r"\d{4}", value):
            query.year = int(value)
        else:
            query.notices.append(_("“%(value)s” is not a year; ignored.") % {"value": value})
    else:
        parsed = parse_date(value)
        if parsed is None:
            query.notices.append(
                _("“%(value)s” is not a date (use 2022 or 2022-05-17); ignored.") % {"value": value}
            )
        else:
            setattr(query, name, parsed)
