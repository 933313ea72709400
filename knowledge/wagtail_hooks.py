"""Admin hooks of the knowledge app: the review-due report in the Reports menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from knowledge.admin_views import ReviewDueReportView, can_review_articles


class EditorsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_review_articles(request.user)


@hooks.register("register_admin_urls")
def register_review_due_urls():
    return [
        path(
            "reports/knowledge-review/", ReviewDueReportView.as_view(), name="knowledge_review_due"
        ),
        path(
            "reports/knowledge-review/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="knowledge_review_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return EditorsMenuItem(
        _("Articles due for review"), reverse("knowledge_review_due"), icon_name="date", order=900
    )
