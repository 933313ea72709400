from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


class SectionBlock(blocks.StructBlock):
    """A manifest section; its anchor stays stable so links and citations keep working."""

    heading = blocks.CharBlock(label=_("heading"))
    anchor = blocks.RegexBlock(
        regex=r"^[a-z0-9-]+$",
        label=_("anchor"),
        help_text=_("Lower-case letters, digits and hyphens; never change it once published."),
        error_messages={"invalid": _("Use lower-case letters, digits and hyphens only.")},
    )
    text = blocks.RichTextBlock(label=_("text"))

    class Meta:
        icon = "doc-full"
        template = "knowledge/blocks/section.html"


class SourceBlock(blocks.StructBlock):
    """A background source: what it is, who published it, when, and where to find it."""

    title = blocks.CharBlock(label=_("title"))
    publisher = blocks.CharBlock(label=_("publisher"), required=False)
    year = blocks.IntegerBlock(label=_("year"), required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(label=_("link"), required=False)
    note = blocks.TextBlock(label=_("note"), required=False)

    class Meta:
        icon = "link"
        template = "knowledge/blocks/source.html"


class ManifestPage(Page):
    """The network's manifest: a growth document whose sections change as members learn."""

    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    sections = StreamField([("section", SectionBlock())], verbose_name=_("sections"))
    sources = StreamField(
        [("source", SourceBlock())], blank=True, verbose_name=_("background sources")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("intro"),
        FieldPanel("sections"),
        FieldPanel("sources"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("manifest")


class KnowledgeIndexPage(Page):
    """The knowledge base: articles members wrote, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            ArticlePage.objects.child_of(self)
            .live()
            .specific()
            .order_by("-first_published_at")
            .prefetch_related("tags")
        )
        return context

    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("knowledge base")


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """A knowledge-base article with its sources."""

    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("heading"))),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"))),
            ("quote", blocks.BlockQuoteBlock(label=_("quote"))),
        ],
        verbose_name=_("body"),
    )
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sources"),
        FieldPanel("tags"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
