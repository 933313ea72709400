from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BespreekpuntIndexPage(Page):
    """Lists the network's bespreekpunten (discussion points)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bespreekpunten"] = (
            BespreekpuntPage.objects.child_of(self).live().specific().order_by("number", "title")
        )
        return context

    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.BespreekpuntPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("bespreekpunten index")


class BespreekpuntPage(Page):
    """One discussion point: what it is about and the questions the network discusses."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        EXPLORING = "exploring", _("Being explored")
        CONCLUDED = "concluded", _("Concluded")

    number = models.PositiveSmallIntegerField(_("number"), default=1)
    intro = RichTextField(_("introduction"))
    questions = RichTextField(
        _("to discuss"), blank=True, help_text=_("The questions the network discusses.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    synthesis = RichTextField(
        _("synthesis"), blank=True, help_text=_("Written when the bespreekpunt is concluded.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("status"),
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("synthesis"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("questions"),
        index.SearchField("synthesis"),
    ]

    parent_page_types = ["community.BespreekpuntIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bespreekpunt")
        verbose_name_plural = _("bespreekpunten")


class ExpertiseTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "community.Profile", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Profile(models.Model):
    """A member's public profile; one per account, created at sign-up."""

    class Role(models.TextChoices):
        INSTITUTE = "institute", _("Teacher educator at an institute")
        SCHOOL = "school", _("Teacher educator at a school")
        STUDENT = "student", _("Student or career switcher")
        POLICY = "policy", _("Policy or management")
        RESEARCH = "research", _("Researcher")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=80)
    institution = models.CharField(_("institution"), max_length=160, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    partnership = models.CharField(
        _("partnership"),
        max_length=160,
        blank=True,
        help_text=_("The Samen Opleiden & Professionaliseren partnership you work in."),
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    expertise = TaggableManager(
        verbose_name=_("expertise"), through=ExpertiseTag, blank=True, help_text=""
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("community:profile", kwargs={"username": self.user.get_username()})
