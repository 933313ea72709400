"""The search log report for editors: what members search most, and what finds nothing."""

from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from search.models import SearchLogEntry

search_log_policy = ModelPermissionPolicy(SearchLogEntry)


class SearchLogFilterSet(WagtailFilterSet):
    without_results = BooleanFilter(
        label=_("Searches without results"), method="filter_without_results"
    )

    class Meta:
        model = SearchLogEntry
        fields: list[str] = []

    def filter_without_results(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(last_result_count=0) if value else queryset.exclude(last_result_count=0)
        )


class SearchLogView(ReportView):
    page_title = _("Search log")
    header_icon = "search"
    model = SearchLogEntry
    permission_policy = search_log_policy
    permission_required = "view"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchLogFilterSet
    default_ordering = "-searches"
    index_url_name = "search_log"
    index_results_url_name = "search_log_results"
    columns = [
        Column("query_string", label=_("Search terms"), sort_key="query_string"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("last_result_count", label=_("Results"), sort_key="last_result_count"),
        DateColumn("last_searched_at", label=_("Last searched"), sort_key="last_searched_at"),
    ]
    list_export = ["query_string", "searches", "last_result_count", "last_searched_at"]
    export_headings = {
        "query_string": _("Search terms"),
        "searches": _("Searches"),
        "last_result_count": _("Results"),
        "last_searched_at": _("Last searched"),
    }

    def get_base_queryset(self):
        return SearchLogEntry.objects.all()
