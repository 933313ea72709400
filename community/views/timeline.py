"""A bespreekpunt's timeline page and its Atom feed, reached through BespreekpuntPage's routes.

Both filter by kind (`soort`) and year (`jaar`); the page is paginated (`pagina`).
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from community.models import BespreekpuntPage
from community.timeline import Entry, entries_for, kinds

ENTRIES_PER_PAGE = 20
FEED_LENGTH = 30


def _filtered(request: HttpRequest, page: BespreekpuntPage) -> tuple[list[Entry], dict]:
    everything = entries_for(page, request.user)
    known = kinds()
    kind = request.GET.get("soort", "")
    kind = kind if kind in known else ""
    year_text = request.GET.get("jaar", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    entries = [
        entry
        for entry in everything
        if (not kind or entry.kind == kind) and (year is None or entry.date.year == year)
    ]
    choices = {
        "kind": kind,
        "year": year,
        "kinds": list(known.items()),
        "years": sorted({entry.date.year for entry in everything}, reverse=True),
    }
    return entries, choices


def timeline(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    entries, choices = _filtered(request, page)
    page_obj = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    base_url = page.url + page.reverse_subpage("timeline")
    query = {
        key: value
        for key, value in (("soort", choices["kind"]), ("jaar", choices["year"] or ""))
        if value
    }
    labels = kinds()
    context = page.get_context(request)
    context.update(
        {
            "entries": [(entry, labels.get(entry.kind, entry.kind)) for entry in page_obj],
            "page_obj": page_obj,
            "timeline_url": base_url,
            "feed_url": page.url
            + page.reverse_subpage("timeline_feed")
            + (f"?{urlencode(query)}" if query else ""),
            "page_query": urlencode(query),
            **choices,
        }
    )
    return TemplateResponse(request, "community/timeline.html", context)


class TimelineFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, page: BespreekpuntPage):
        super().__init__()
        self.page = page

    def get_object(self, request, *args, **kwargs):
        entries, _choices = _filtered(request, self.page)
        return entries[:FEED_LENGTH]

    def title(self, obj) -> str:
        return _("Timeline: %(title)s") % {"title": self.page.title}

    def link(self, obj) -> str:
        return self.page.url + self.page.reverse_subpage("timeline")

    def subtitle(self, obj) -> str:
        return _("Topics, decisions, sessions, outcomes, manifest versions and articles")

    def items(self, obj) -> list[Entry]:
        return obj

    def item_title(self, item: Entry) -> str:
        return f"{kinds().get(item.kind, item.kind)}: {item.title}"

    def item_description(self, item: Entry) -> str:
        return " · ".join(part for part in (item.summary, item.meta) if part)

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_guid(self, item: Entry) -> str:
        return f"{item.kind}:{item.url}"

    def item_pubdate(self, item: Entry):
        return item.date

    def item_categories(self, item: Entry) -> list[str]:
        return [item.kind]


def timeline_feed(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    return TimelineFeed(page)(request)
