"""Keeps the site shell's cache (home.shell_cache) in step with pages, sites and settings,
and the member directory's filter choices with profiles."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.shell_cache import invalidate


def _page_changed(sender, instance, **kwargs) -> None:
    # Also pages made or saved in code (add_child, imports), which send no publish signal.
    if isinstance(instance, Page):
        invalidate()


def _settings_saved(sender, instance, created: bool, **kwargs) -> None:
    # A row made on first use (SiteSettings.for_site) holds the defaults nothing cached yet.
    if not created:
        invalidate()


def connect() -> None:
    from community.models import ExpertiseTag, Profile
    from home.database import enable_sqlite_wal
    from home.directory import forget_choices
    from home.models import SiteSettings

    post_migrate.connect(enable_sqlite_wal, dispatch_uid="home_sqlite_wal")

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"home_shell_{signal!r}")
    post_save.connect(_page_changed, dispatch_uid="home_shell_page_saved")
    post_delete.connect(_page_changed, dispatch_uid="home_shell_page_deleted")
    for model in (Site, Locale, SiteSettings):
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"home_shell_delete_{model}")
    for model in (Site, Locale):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"home_shell_save_{model}")
    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="home_shell_settings")

    # The directory's count and filter choices follow what members fill in.
    for model in (Profile, ExpertiseTag, get_user_model()):
        for signal in (post_save, post_delete):
            signal.connect(forget_choices, sender=model, dispatch_uid=f"home_directory_{model}")
