from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class EventIndexPage(Page):
    """The agenda: upcoming events first, then past ones."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).live().specific()
        now = timezone.now()
        context["upcoming_events"] = events.filter(end__gte=now).order_by("start")
        context["past_events"] = events.filter(end__lt=now).order_by("-start")
        return context

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")


class EventPage(Page):
    """A werksessie, studiedag, congress session or online meeting of the network."""

    class Kind(models.TextChoices):
        WERKSESSIE = "werksessie", _("Work session")
        STUDIEDAG = "studiedag", _("Study day")
        CONGRESS = "congress", _("Congress session")
        ONLINE = "online", _("Online meeting")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Members only")
        EVERYONE = "everyone", _("Open to everyone")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    organiser = models.CharField(_("organiser"), max_length=160, blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS
    )
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    description = RichTextField(_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("location")],
            heading=_("When and where"),
        ),
        FieldPanel("organiser"),
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("description"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must be after the start.")})

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
