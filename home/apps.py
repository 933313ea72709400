from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        # The site shell's cache follows page publishing, sites and settings.
        from home import signal_handlers

        signal_handlers.connect()

        # Django's, allauth's and Wagtail's rows about members in the personal-data registry.
        from home import privacy

        privacy.register()
