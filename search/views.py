import logging
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail.contrib.search_promotions.models import Query

from search.filters import filter_choices
from search.models import SearchDocument, SearchLogEntry
from search.service import run_autocomplete, run_search

logger = logging.getLogger(__name__)


class ThenResponse(HttpResponse):
    """A page with work to do after it is sent.

    Servers call close() once the body is out (ASGI sends the last chunk first), so the member
    does not wait for `then`; it runs before Django's end-of-request handling closes the
    database connection. A failure there is logged and never costs the member their page.
    """

    def __init__(self, content: str, then: Callable[[], None]) -> None:
        super().__init__(content)
        self.then = then

    def close(self) -> None:
        try:
            self.then()
        except Exception:
            logger.exception("work after the response failed")
        super().close()


def search(request: HttpRequest) -> HttpResponse:
    """The search page: query box, filter controls, facets, results and pagination."""
    outcome = run_search(request.GET, request.user, get_language())
    labels = dict(SearchDocument.Kind.choices)
    for hit in outcome.hits:
        hit.kind_label = str(labels[hit.kind])
    context = {"outcome": outcome, **filter_choices(request, outcome)}
    content = render_to_string("search/search.html", context, request)
    # Counted once per search, not again for each further page of its results.
    if outcome.searched and outcome.query.text and request.GET.get("page", "1") == "1":
        text, total = outcome.query.text, outcome.total
        return ThenResponse(content, lambda: log_search(text, total))
    return HttpResponse(content)


def log_search(text: str, total: int) -> None:
    """Counts the query for editors (Wagtail's query hits, plus how many results it had)."""
    text = text.lower()[:255]
    # One transaction: one commit for the four writes, not four. On PostgreSQL the commit does
    # not wait for its disk flush either: a crash may lose the last few counts, never the
    # database's consistency, and the member does not wait for a statistic.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        _count(text, total)


def _count(text: str, total: int) -> None:
    Query.get(text).add_hit()
    entry, created = SearchLogEntry.objects.get_or_create(
        query_string=text, defaults={"searches": 1, "last_result_count": total}
    )
    if not created:
        SearchLogEntry.objects.filter(pk=entry.pk).update(
            searches=F("searches") + 1, last_result_count=total
        )


def autocomplete(request: HttpRequest) -> JsonResponse:
    """Suggestions while typing: {"results": [{"title", "url", "kind", "kind_label"}]}."""
    hits = run_autocomplete(request.GET.get("q", ""), request.user, get_language())
    labels = dict(SearchDocument.Kind.choices)
    return JsonResponse(
        {
            "results": [
                {
                    "title": hit.title,
                    "url": hit.url,
                    "kind": hit.kind,
                    "kind_label": str(labels[hit.kind]),
                }
                for hit in hits
            ]
        }
    )
