from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # Listeners of committed community events: the anonymous page cache, members'
        # notifications (and their emails), and the websockets (community.realtime).
        from community import cache, notifications, timeline  # noqa: F401
        from community.privacy import register_community_data
        from community.realtime import broadcast  # noqa: F401

        # The community models in the personal-data registry (export and account erasure).
        register_community_data()
