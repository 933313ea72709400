from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import SearchLogView, search_log_policy


class SearchLogMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return search_log_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_search_log_urls():
    return [
        path("reports/search-log/", SearchLogView.as_view(), name="search_log"),
        path(
            "reports/search-log/results/",
            SearchLogView.as_view(results_only=True),
            name="search_log_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_log_menu_item():
    return SearchLogMenuItem(
        _("Search log"), reverse("search_log"), name="search-log", icon_name="search", order=1310
    )
