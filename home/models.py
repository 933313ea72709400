from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from home.shell_cache import cached


class HomePage(Page):
    """The front door: what the network is, then what is coming up, discussed and written."""

    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("tagline"), FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from community.selectors import site_pinned_topics
        from home.sections import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request, self)
        context["pinned_topics"] = site_pinned_topics(Locale.get_active())
        return context

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the site shell shows about the network: name, contact and footer text."""

    network_name = models.CharField(
        _("network name"), max_length=120, default="Velon Themagroep Flexibel Opleiden"
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("network_name"), FieldPanel("contact_email"), FieldPanel("footer_text")],
            heading=_("Network"),
        )
    ]

    @classmethod
    def for_site(cls, site):
        # Read on every page by the shell: kept in the cache until the settings or pages change.
        if site is None:
            return super().for_site(site)
        return cached(f"settings:{site.pk}", lambda: super(SiteSettings, cls).for_site(site))

    class Meta:
        verbose_name = _("site settings")
