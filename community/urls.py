from django.urls import path
from django.utils.translation import pgettext_lazy

from community import converters, views  # noqa: F401 - converters registers <id:...>
from community.views import decisions, moderation

app_name = "community"

urlpatterns = [
    path(pgettext_lazy("url", "profile/"), views.profile_edit, name="profile_edit"),
    path(pgettext_lazy("url", "members/<str:username>/"), views.profile, name="profile"),
    path(pgettext_lazy("url", "bookmarks/"), views.bookmarks, name="bookmarks"),
    path(
        pgettext_lazy("url", "moderation/topics/<id:topic_id>/"),
        moderation.moderate_topic,
        name="moderate_topic",
    ),
    path(pgettext_lazy("url", "polls/<id:poll_id>/vote/"), decisions.vote, name="poll_vote"),
    path(
        pgettext_lazy("url", "polls/<id:poll_id>/close/"), decisions.close_poll, name="poll_close"
    ),
    path(
        pgettext_lazy("url", "consent/<id:round_id>/respond/"),
        decisions.respond,
        name="consent_respond",
    ),
    path(
        pgettext_lazy("url", "consent/<id:round_id>/close/"),
        decisions.close_round,
        name="consent_close",
    ),
    path(pgettext_lazy("url", "notifications/"), views.notification_list, name="notifications"),
    path(
        pgettext_lazy("url", "notifications/<id:pk>/"),
        views.notification_open,
        name="notification_open",
    ),
    path(
        pgettext_lazy("url", "notifications/mark-read/"),
        views.notifications_mark_read,
        name="notifications_mark_read",
    ),
    path(pgettext_lazy("url", "watch/topic/<id:topic_id>/"), views.watch_topic, name="watch_topic"),
    path(
        pgettext_lazy("url", "watch/bespreekpunt/<id:page_id>/"),
        views.watch_bespreekpunt,
        name="watch_bespreekpunt",
    ),
    path(pgettext_lazy("url", "unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(pgettext_lazy("url", "my-data/"), views.my_data, name="my_data"),
    path(pgettext_lazy("url", "my-data/download/"), views.export_data, name="export_data"),
    path(
        pgettext_lazy("url", "my-data/delete-account/"), views.erase_account, name="erase_account"
    ),
    path(pgettext_lazy("url", "account-deleted/"), views.account_erased, name="account_erased"),
]
