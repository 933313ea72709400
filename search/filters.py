"""Choices and links for the filter controls and facets of the search page."""

from django.apps import apps
from django.utils.translation import get_language
from wagtail.models import Locale

from search.indexing import cached_by_index
from search.models import SearchDocument

CONTROL_NAMES = ("q", "type", "tag", "bespreekpunt", "event", "year", "after", "before")


def link(params, **changes) -> str:
    """The current search's query string with some controls changed (None drops one)."""
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = value
    return "?" + query.urlencode()


def filter_choices(request, outcome) -> dict:
    params = request.GET.copy()
    for name in list(params):
        if name not in CONTROL_NAMES and name != "page":
            params.pop(name)
    labels = dict(SearchDocument.Kind.choices)
    selected_kind = outcome.query.kinds[0] if len(outcome.query.kinds) == 1 else ""
    kinds = [
        {
            "value": value,
            "label": label,
            "count": outcome.kind_counts.get(value, 0),
            "capped": outcome.facets_capped,
            "selected": value == selected_kind,
            "link": link(params, type=None if value == selected_kind else value),
        }
        for value, label in SearchDocument.Kind.choices
    ]
    years = sorted(
        {*outcome.year_counts, *([outcome.query.year] if outcome.query.year else [])}, reverse=True
    )
    return {
        "kinds": kinds,
        "kind_labels": labels,
        "selected_kind": selected_kind,
        "years": [
            {
                "value": year,
                "count": outcome.year_counts.get(year, 0),
                "capped": outcome.facets_capped,
                "selected": year == outcome.query.year,
                "link": link(params, year=None if year == outcome.query.year else year),
            }
            for year in years
        ],
        "bespreekpunten": bespreekpunt_choices(),
        "params": params,
        "page_links": _page_links(params, outcome),
    }


def bespreekpunt_choices() -> list[tuple[int, str]]:
    """(id, title) of the live bespreekpunten in the active language, for the filter control.

    Kept per version of the search index: publishing, renaming or unpublishing a bespreekpunt
    re-indexes it, which renews the version (read before the pages are).
    """
    return cached_by_index(
        f"bespreekpunten:{get_language()}",
        lambda: list(
            apps.get_model("community.BespreekpuntPage")
            .objects.live()
            .filter(locale=Locale.get_active())
            .order_by("number", "title")
            .values_list("pk", "title")
        ),
    )


def _page_links(params, outcome) -> dict:
    return {
        "previous": link(params, page=outcome.page - 1) if outcome.page > 1 else "",
        "next": link(params, page=outcome.page + 1) if outcome.page < outcome.pages else "",
    }
