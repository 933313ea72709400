"""Views of the community app; topic and post views are reached through BespreekpuntPage routes."""

from community.views.bookmarks import bookmarks
from community.views.profiles import profile, profile_edit

__all__ = ["bookmarks", "profile", "profile_edit"]
