"""Wagtail admin screens of the knowledge app: the articles whose review date has passed."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from knowledge.models import ArticlePage


def can_review_articles(user) -> bool:
    return PagePermissionPolicy().user_has_permission(user, "publish")


class ReviewDueReportView(ReportView):
    """Articles past their 'review by' date, oldest first; for the editors who publish."""

    page_title = _("Articles due for review")
    header_icon = "date"
    index_url_name = "knowledge_review_due"
    index_results_url_name = "knowledge_review_due_results"
    list_export = ["title", "owner", "status", "review_by"]
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        Column("owner", label=_("Owner")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("review_by", label=_("Review by")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_review_articles(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            ArticlePage.objects.filter(review_by__lt=timezone.localdate())
            .select_related("owner")
            .order_by("review_by", "title")
        )
