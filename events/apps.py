from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from community.links import register_link_provider
        from community.timeline import register_timeline_provider
        from events import signals, timeline
        from events.related import bespreekpunt_links

        signals.connect()
        register_link_provider(bespreekpunt_links)
        register_timeline_provider(timeline.bespreekpunt_entries, timeline.KINDS)

        from events import privacy

        privacy.register()
