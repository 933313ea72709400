"""Views of the community app; topic and post views are reached through BespreekpuntPage routes."""

from community.views.bookmarks import bookmarks
from community.views.privacy import account_erased, erase_account, export_data, my_data
from community.views.profiles import profile, profile_edit

__all__ = [
    "account_erased",
    "bookmarks",
    "erase_account",
    "export_data",
    "my_data",
    "profile",
    "profile_edit",
]
