from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from community.links import register_link_provider, register_topic_link_provider
        from community.timeline import register_timeline_provider
        from knowledge import signal_handlers, timeline
        from knowledge.backlinks import bespreekpunt_links
        from knowledge.distil import topic_links

        signal_handlers.connect()
        register_link_provider(bespreekpunt_links)
        register_topic_link_provider(topic_links)
        register_timeline_provider(timeline.bespreekpunt_entries, timeline.KINDS)

        from community.topic_panels import register_topic_panel
        from knowledge.amendment_views import amendment_panel

        register_topic_panel(amendment_panel)

        from knowledge import privacy

        privacy.register()
