from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # Connects the anonymous page cache to community events and page publishing.
        from community import cache  # noqa: F401

        # Broadcasts committed community events to the websockets (community.realtime).
        from community.realtime import broadcast  # noqa: F401

        # Turns committed community events into members' notifications (and their emails).
        from community import notifications  # noqa: F401

        # The community models in the personal-data registry (export and account erasure).
        from community.privacy import register_community_data

        register_community_data()
