from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from community.links import register_link_provider
        from events import signals
        from events.related import bespreekpunt_links

        signals.connect()
        register_link_provider(bespreekpunt_links)

        from events import privacy

        privacy.register()
