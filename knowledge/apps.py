from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from community.links import register_link_provider, register_topic_link_provider
        from knowledge import signal_handlers
        from knowledge.backlinks import bespreekpunt_links
        from knowledge.distil import topic_links

        signal_handlers.connect()
        register_link_provider(bespreekpunt_links)
        register_topic_link_provider(topic_links)

        from knowledge import privacy

        privacy.register()
