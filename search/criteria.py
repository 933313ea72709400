"""What a search asks for after parsing and resolving names, and what a backend answers."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Criteria:
    language: str
    visibilities: list[str]
    clauses: list[list[tuple[str, ...]]] = field(default_factory=list)
    exclusions: list[tuple[str, ...]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    bespreekpunten: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    author: str = ""
    year: int | None = None
    after: date | None = None
    before: date | None = None
    # Raw words for highlighting and Elasticsearch (which analyses text itself).
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    # True when no result has every word: then any word will do (ranked by how many match).
    match_any: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.clauses)


@dataclass
class Hit:
    key: str
    kind: str
    title: str
    url: str
    body: str
    date: datetime | None
    source: str
    # Highlighted HTML from the backend (Elasticsearch), else built in Python from `body`.
    highlight: str = ""
    kind_label: str = ""


@dataclass
class ResultPage:
    hits: list[Hit]
    total: int
    kind_counts: dict[str, int] = field(default_factory=dict)
    year_counts: dict[int, int] = field(default_factory=dict)
    # More matches than the candidate bound (SEARCH_MAX_CANDIDATES): `total` is that bound, a
    # lower bound of the real count, and the hits are the best of the candidates.
    capped: bool = False
    # The facet counts were taken from a bounded candidate set: each is a lower bound.
    facets_capped: bool = False
