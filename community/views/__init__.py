"""Views of the community app; topic and post views are reached through BespreekpuntPage routes."""

from community.views.bookmarks import bookmarks
from community.views.notifications import (
    notification_list,
    notification_open,
    notifications_mark_read,
    unsubscribe,
    watch_bespreekpunt,
    watch_topic,
)
from community.views.privacy import account_erased, erase_account, export_data, my_data
from community.views.profiles import profile, profile_edit

__all__ = [
    "account_erased",
    "bookmarks",
    "erase_account",
    "export_data",
    "my_data",
    "notification_list",
    "notification_open",
    "notifications_mark_read",
    "profile",
    "profile_edit",
    "unsubscribe",
    "watch_bespreekpunt",
    "watch_topic",
]
