"""Pages of the knowledge app: the manifest with its public version history, and the knowledge base.

The routes on the pages only dispatch; the work happens in knowledge/views.py (imported inside the
route methods, since the views import these models).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index

from community import converters  # noqa: F401 - registers <id:...> for the routes below
from knowledge.blocks import SectionBlock, SourceBlock, TopicQuoteBlock


class ManifestPage(RoutablePageMixin, Page):
    """The network's manifest: a growth document whose sections change as members learn.

    Every publication becomes a numbered ManifestVersion with a permanent URL (see
    signal_handlers.py), so readers can cite and compare versions.
    """

    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    sections = StreamField([("section", SectionBlock())], verbose_name=_("sections"))
    sources = StreamField(
        [("source", SourceBlock())], blank=True, verbose_name=_("background sources")
    )
    change_note = models.CharField(
        _("change note"),
        max_length=500,
        blank=True,
        help_text=_(
            "What changed in this publication and why. Shown publicly in the version history."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("intro"),
        FieldPanel("sections"),
        FieldPanel("sources"),
        MultiFieldPanel([FieldPanel("change_note")], heading=_("Publication")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]

    def get_context(self, request, *args, **kwargs):
        from knowledge.views import manifest_context

        context = super().get_context(request, *args, **kwargs)
        context.update(manifest_context(self, request))
        return context

    @path(pgettext_lazy("url", "print/"), name="print")
    def print_view(self, request):
        return self.render(request, template="knowledge/manifest_print.html")

    @path(pgettext_lazy("url", "versions/"), name="versions")
    def versions_view(self, request):
        from knowledge.views import manifest_versions

        return manifest_versions(self, request)

    @path(pgettext_lazy("url", "versions/<id:number>/"), name="version")
    def version_view(self, request, number):
        from knowledge.views import manifest_version

        return manifest_version(self, request, number)

    @path(pgettext_lazy("url", "versions/compare/"), name="compare")
    def compare_view(self, request):
        from knowledge.views import manifest_compare

        return manifest_compare(self, request)

    @path(pgettext_lazy("url", "proposals/"), name="amendments")
    def amendments_view(self, request):
        from knowledge.amendment_views import amendment_list

        return amendment_list(self, request)

    @path(pgettext_lazy("url", "proposals/new/"), name="amendment_new")
    def amendment_new_view(self, request):
        from knowledge.amendment_views import amendment_new

        return amendment_new(self, request)

    @path(pgettext_lazy("url", "proposals/<id:amendment_id>/adopt/"), name="amendment_adopt")
    def amendment_adopt_view(self, request, amendment_id):
        from knowledge.amendment_views import amendment_adopt

        return amendment_adopt(request, self, amendment_id)

    @path(pgettext_lazy("url", "proposals/<id:amendment_id>/withdraw/"), name="amendment_withdraw")
    def amendment_withdraw_view(self, request, amendment_id):
        from knowledge.amendment_views import amendment_withdraw

        return amendment_withdraw(request, self, amendment_id)

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("manifest")


class ManifestVersion(models.Model):
    """One published version of a manifest page, numbered 1, 2, 3 ... per page.

    The content is a copy of the published revision, so a version stays readable at its URL
    even when old revisions are purged.
    """

    page = models.ForeignKey(ManifestPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(encoder=DjangoJSONEncoder)
    published_at = models.DateTimeField(_("published at"))
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("editor"),
    )

    class Meta:
        verbose_name = _("manifest version")
        verbose_name_plural = _("manifest versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="manifest_version_unique")
        ]

    credit: dict | None  # set by the version views: the amendment this version adopted

    def __str__(self) -> str:
        return f"{self.page} v{self.number}"

    def as_page(self) -> ManifestPage:
        """The manifest as it read in this version (unsaved; for rendering only).

        Built from the stored content alone, unlike Page.with_content_json, which also reads the
        live page's revisions and comments.
        """
        return ManifestPage.from_serializable_data(self.content, check_fks=False, strict_fks=False)

    def get_url(self, request=None) -> str:
        return self.page.get_url(request) + self.page.reverse_subpage(
            "version", kwargs={"number": self.number}
        )

    def get_full_url(self, request=None) -> str:
        return self.page.get_full_url(request) + self.page.reverse_subpage(
            "version", kwargs={"number": self.number}
        )


class KnowledgeIndexPage(RoutablePageMixin, Page):
    """The knowledge base: articles members wrote, newest first, filterable and with a feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    @path("", name="index")
    def index_view(self, request):
        from knowledge.views import article_list

        return article_list(self, request)

    @path(pgettext_lazy("url", "tag/<slug:tag>/"), name="tag")
    def tag_view(self, request, tag):
        from knowledge.views import article_list

        return article_list(self, request, tag_slug=tag)

    @path(pgettext_lazy("url", "feed/"), name="feed")
    def feed_view(self, request):
        from knowledge.feeds import ArticleFeed

        return ArticleFeed(self)(request)

    @path(pgettext_lazy("url", "write/"), name="write")
    def write_view(self, request):
        from knowledge.views import article_write

        return article_write(self, request)

    @path(pgettext_lazy("url", "my-articles/"), name="mine")
    def mine_view(self, request):
        from knowledge.views import my_articles

        return my_articles(self, request)

    @path(pgettext_lazy("url", "<id:article_id>/edit/"), name="edit")
    def edit_view(self, request, article_id):
        from knowledge.views import article_write

        return article_write(self, request, article_id=article_id)

    @path(pgettext_lazy("url", "distil/<id:topic_id>/"), name="distil")
    def distil_view(self, request, topic_id):
        from knowledge.views import topic_distil

        return topic_distil(self, request, topic_id)

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
    """A knowledge-base article members wrote, with its sources, attachments and relations.

    Members create and revise drafts through the front-end form; editors approve them in the
    editorial workflow (see knowledge/workflow.py), which is what publishes them.
    """

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed")
        ADOPTED = "adopted", _("Adopted by the network")

    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("heading"))),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"))),
            ("quote", blocks.BlockQuoteBlock(label=_("quote"))),
            ("topic_quote", TopicQuoteBlock()),
        ],
        verbose_name=_("body"),
    )
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="knowledge_articles",
        verbose_name=_("authors"),
    )
    related_bespreekpunten = ParentalManyToManyField(
        "community.BespreekpuntPage",
        blank=True,
        related_name="knowledge_articles",
        verbose_name=_("related discussion points"),
    )
    related_events = ParentalManyToManyField(
        "events.EventPage",
        blank=True,
        related_name="knowledge_articles",
        verbose_name=_("related events"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONCEPT
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("When an editor should check that the article is still right."),
    )
    # The concluded discussion the article was distilled from; the topic links back to it.
    source_topic = models.ForeignKey(
        "community.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
        verbose_name=_("distilled from topic"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sources"),
        InlinePanel("attachments", label=_("attachments")),
        FieldPanel("tags"),
        FieldPanel("authors"),
        FieldPanel("related_bespreekpunten"),
        FieldPanel("related_events"),
        FieldPanel("source_topic", read_only=True),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("review_by"), FieldPanel("owner")],
            heading=_("Care"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("status"),
    ]

    def get_context(self, request, *args, **kwargs):
        from knowledge.views import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(self, request))
        return context

    def get_workflow(self):
        """Articles always go to the editors, whatever workflow covers the rest of the tree."""
        from knowledge.workflow import editorial_workflow

        return editorial_workflow() or super().get_workflow()

    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("distil_topic", _("Can distil a concluded topic into an article"))]


class ArticleAttachment(Orderable):
    """A document (Wagtail documents) attached to an article."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]


class Amendment(models.Model):
    """A member's proposal for new text of one paragraph of the manifest, decided in a topic.

    Proposing opens a topic under the section's bespreekpunt with a consent round on its opening
    post (community). When the round ends in consent an editor adopts the proposal, which
    publishes a new ManifestVersion in the same transaction: `status` is ADOPTED exactly when
    `adopted_version` is set (a database constraint holds it). A round closed without consent
    marks the proposal rejected, a withdrawal withdrawn; both stay visible with their outcome.
    `original_text` is the paragraph as it read when proposed: when the live manifest reads
    otherwise, the proposal is outdated (see knowledge.amendments).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Not adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    page = models.ForeignKey(ManifestPage, on_delete=models.CASCADE, related_name="amendments")
    section_anchor = models.CharField(_("section"), max_length=80)
    section_heading = models.CharField(_("section heading"), max_length=255)
    # Which paragraph (<p>) of the section's text, counted from 0.
    paragraph = models.PositiveSmallIntegerField(_("paragraph"))
    original_text = models.TextField(_("text when proposed"))
    proposed_text = models.TextField(_("proposed text"))
    reason = models.TextField(_("reason"), blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="amendments"
    )
    topic = models.OneToOneField(
        "community.Topic", on_delete=models.CASCADE, related_name="amendment"
    )
    consent_round = models.OneToOneField(
        "community.ConsentRound", on_delete=models.CASCADE, related_name="amendment"
    )
    base_version = models.ForeignKey(
        ManifestVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    adopted_version = models.OneToOneField(
        ManifestVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="adopted", adopted_version__isnull=False)
                    | (~models.Q(status="adopted") & models.Q(adopted_version__isnull=True))
                ),
                name="amendment_adopted_has_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_heading} ¶{self.paragraph + 1}"
