"""One search, from what the member typed and chose to a page of checked, highlighted results.

The view and the JSON endpoint call `run_search` / `run_autocomplete`; they pick the backend
(Elasticsearch when configured and reachable, else the database), apply the reader's
visibility, and check every hit against its source once more before showing it, so a stale
index row can never show an unpublished page or a hidden post.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from search import elastic
from search.backends import database
from search.criteria import Criteria, Hit, ResultPage
from search.models import SearchDocument
from search.query import KIND_ALIASES, ParsedQuery, clean, parse, parse_date
from search.snippets import first_match, snippet
from search.text import language_of, stem, words

logger = logging.getLogger(__name__)

PER_PAGE = 10
CONTROLS = ("type", "tag", "bespreekpunt", "event", "year", "after", "before")
AUTOCOMPLETE_LIMIT = 8
MAX_PAGE = 1000


@dataclass
class SearchOutcome:
    query: ParsedQuery
    criteria: Criteria | None
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)
    year_counts: dict[int, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    backend: str = "database"
    # More results than the search works on: `total` is a lower bound ("more than 1,000").
    capped: bool = False
    # The facet counts are lower bounds ("1,000+").
    facets_capped: bool = False

    @property
    def searched(self) -> bool:
        return self.criteria is not None


def visibilities_for(user) -> list[str]:
    from community.permissions import is_member

    levels: list[str] = [SearchDocument.Visibility.PUBLIC]
    if user.is_authenticated and user.is_active:
        levels.append(SearchDocument.Visibility.LOGIN)
    if is_member(user):
        levels.append(SearchDocument.Visibility.MEMBERS)
    return levels


def _page_ids(model_label: str, value: str) -> list[int]:
    """A page (by id or slug) and its translations, since rows point at their own locale."""
    if not value:
        return []
    model = apps.get_model(model_label)
    pages = (
        model.objects.filter(pk=int(value)) if value.isdigit() else model.objects.filter(slug=value)
    )
    keys = pages.values_list("translation_key", flat=True)
    return sorted(model.objects.filter(translation_key__in=keys).values_list("pk", flat=True))


def merge_controls(query: ParsedQuery, raw_params) -> ParsedQuery:
    """The filter controls of the form add to what the query text says."""
    params = {name: clean(raw_params.get(name, "")) for name in CONTROLS}
    kind = KIND_ALIASES.get(params.get("type", "").lower())
    if kind and kind not in query.kinds:
        query.kinds.append(kind)
    if tag := params.get("tag", "").strip().lower()[:100]:
        query.tags.append(tag)
    for name in ("bespreekpunt", "event"):
        if (value := params.get(name, "").strip()[:100]) and not getattr(query, name):
            setattr(query, name, value)
    year = params.get("year", "")
    if year.isdigit() and len(year) == 4 and not query.year:
        query.year = int(year)
    for name in ("after", "before"):
        value = params.get(name, "").strip()
        if value and not getattr(query, name):
            setattr(query, name, parse_date(value))
    return query


def build_criteria(query: ParsedQuery, user, language: str) -> Criteria:
    language = language_of(language)
    return Criteria(
        language=language,
        visibilities=visibilities_for(user),
        clauses=query.clauses(language),
        exclusions=query.exclusions(language),
        kinds=query.kinds,
        tags=query.tags,
        bespreekpunten=_page_ids("community.BespreekpuntPage", query.bespreekpunt),
        events=_page_ids("events.EventPage", query.event),
        author=query.member,
        year=query.year,
        after=query.after,
        before=query.before,
        terms=query.terms,
        phrases=query.phrases,
        excluded=query.excluded,
    )


def _page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def run_search(params, user, language: str) -> SearchOutcome:
    query = merge_controls(parse(params.get("q", "")), params)
    outcome = SearchOutcome(query=query, criteria=None, notices=list(query.notices))
    if not query.text and not query.has_filters:
        return outcome
    criteria = build_criteria(query, user, language)
    if (query.bespreekpunt and not criteria.bespreekpunten) or (
        query.event and not criteria.events
    ):
        outcome.notices.append(_("That bespreekpunt or event was not found; no results."))
        outcome.criteria = criteria
        return outcome
    if not criteria.has_text and not query.has_filters:
        outcome.notices.append(
            _("Your search has only very common words; add a more specific word.")
        )
        return outcome
    outcome.criteria = criteria
    outcome.page = _page_number(params.get("page", 1))
    result = _search(outcome, criteria, outcome.page)
    if not result.total and len(criteria.clauses) > 1:
        criteria.match_any = True
        result = _search(outcome, criteria, outcome.page)
        if result.total:
            outcome.notices.append(_("Nothing has all of your words; these have some of them."))
    pages = max((result.total + PER_PAGE - 1) // PER_PAGE, 1)
    if outcome.page > pages:
        outcome.page = pages
        result = _search(outcome, criteria, pages)
    outcome.hits = checked(result.hits)
    outcome.total, outcome.pages = result.total, pages
    outcome.capped, outcome.facets_capped = result.capped, result.facets_capped
    outcome.kind_counts, outcome.year_counts = result.kind_counts, result.year_counts
    add_snippets(outcome.hits, query, criteria.language)
    return outcome


def _search(outcome: SearchOutcome, criteria: Criteria, page: int) -> ResultPage:
    offset = (page - 1) * PER_PAGE
    if elastic.enabled():
        try:
            outcome.backend = "elasticsearch"
            return elastic.search(criteria, offset=offset, limit=PER_PAGE)
        except elastic.UNAVAILABLE:
            logger.warning("Elasticsearch unavailable; searching the database", exc_info=True)
            outcome.backend = "database"
            notice = _("The full search service is unavailable; these are basic search results.")
            if notice not in outcome.notices:
                outcome.notices.append(notice)
    return database.search(criteria, offset=offset, limit=PER_PAGE)


def checked(hits: list[Hit]) -> list[Hit]:
    """Drops hits whose source is no longer live or visible (a stale row being re-indexed)."""
    ids = {"page": set(), "post": set(), "topic": set()}
    for hit in hits:
        kind, _sep, pk = hit.source.partition(":")
        ids.setdefault(kind, set()).add(int(pk))
    live = {
        f"page:{pk}"
        for pk in Page.objects.live().filter(pk__in=ids["page"]).values_list("pk", flat=True)
    }
    if ids["post"] or ids["topic"]:
        Post = apps.get_model("community.Post")
        Topic = apps.get_model("community.Topic")
        live |= {
            f"post:{pk}"
            for pk in Post.objects.filter(
                pk__in=ids["post"],
                deleted_at__isnull=True,
                is_hidden=False,
                is_pending=False,
                topic__bespreekpunt__live=True,
            ).values_list("pk", flat=True)
        }
        live |= {
            f"topic:{pk}"
            for pk in Topic.objects.filter(
                pk__in=ids["topic"], bespreekpunt__live=True, is_pending=False
            ).values_list("pk", flat=True)
        }
    return [hit for hit in hits if hit.source in live]


def add_snippets(hits: list[Hit], query: ParsedQuery, language: str) -> None:
    stems = query.highlight_stems(language)
    for hit in hits:
        if isinstance(hit.date, str):
            # Raw SQL on SQLite and Elasticsearch give text; stored times are UTC.
            hit.date = datetime.fromisoformat(hit.date)
        if hit.date and timezone.is_naive(hit.date):
            hit.date = timezone.make_aware(hit.date, UTC)
        if not hit.highlight:
            hit.highlight = snippet(hit.body, stems, language)
        if "#" not in hit.url and (word := first_match(hit.body, stems, language)):
            # A text fragment: the browser opens the page scrolled to the matched word.
            hit.url = f"{hit.url}#:~:text={quote(word)}"


def run_autocomplete(text: str, user, language: str) -> list[Hit]:
    typed = words(clean(text)[:100])[-6:]
    if not typed:
        return []
    language = language_of(language)
    criteria = Criteria(language=language, visibilities=visibilities_for(user))
    if elastic.enabled():
        try:
            return checked(
                elastic.autocomplete(criteria, " ".join(typed), limit=AUTOCOMPLETE_LIMIT)
            )
        except elastic.UNAVAILABLE:
            logger.warning("Elasticsearch unavailable; completing from the database")
    prefixes = [sorted({word, stem(word, language)}) for word in typed]
    return checked(database.autocomplete(criteria, prefixes, limit=AUTOCOMPLETE_LIMIT))
