"""Admin hooks of the community app: the moderators' review queue and audit log."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from community.permissions import is_moderator
from community.views import moderation


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_moderator(request.user)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("moderation/", moderation.review_queue, name="community_moderation_queue"),
        path(
            "moderation/<int:post_id>/",
            moderation.review_decide,
            name="community_moderation_decide",
        ),
        path("moderation/log/", moderation.audit_log, name="community_moderation_log"),
    ]


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    return ModeratorsMenuItem(
        _("Review queue"),
        reverse("community_moderation_queue"),
        name="community-review-queue",
        icon_name="warning",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_audit_log_menu_item():
    return ModeratorsMenuItem(
        _("Moderation log"),
        reverse("community_moderation_log"),
        name="community-moderation-log",
        icon_name="history",
        order=260,
    )
