from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from community import converters  # noqa: F401 - registers <id:...> for the routes below


class BespreekpuntIndexPage(Page):
    """Lists the network's bespreekpunten (discussion points)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def route(self, request, path_components):
        """Finds the bespreekpunt in one query (Wagtail's default takes two)."""
        if path_components:
            page = BespreekpuntPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if page is None:
                raise Http404
            page._cached_parent_obj = self
            return page.route(request, path_components[1:])
        return super().route(request, path_components)

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


class BespreekpuntPage(RoutablePageMixin, Page):
    """One discussion point: what it is about and the questions the network discusses.

    It works like a Discourse category: members' topics live below it, routed here so their
    URLs sit under the page (`<topic-slug>/`, `<topic-slug>/<number>/`, `nieuw/`). The route
    methods only hand over to community.views.topics, which holds the view code.
    """

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
    manifest_url = models.URLField(
        _("manifest section"),
        blank=True,
        help_text=_("Link to the part of the manifest this bespreekpunt comes from."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("status"),
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("synthesis"),
        FieldPanel("manifest_url"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("questions"),
        index.SearchField("synthesis"),
    ]

    @path("")
    def index_route(self, request, *args, **kwargs):
        from community.views import topics

        return topics.topic_list(request, self)

    @path(pgettext_lazy("url", "new/"), name="new_topic")
    def new_topic_route(self, request):
        from community.views import topics

        return topics.new_topic(request, self)

    @path(pgettext_lazy("url", "mark-read/"), name="mark_read")
    def mark_read_route(self, request):
        from community.views import topics

        return topics.mark_all_read(request, self)

    @path(pgettext_lazy("url", "timeline/"), name="timeline")
    def timeline_route(self, request):
        from community.views import timeline

        return timeline.timeline(request, self)

    @path(pgettext_lazy("url", "timeline/feed/"), name="timeline_feed")
    def timeline_feed_route(self, request):
        from community.views import timeline

        return timeline.timeline_feed(request, self)

    @path("<slug:topic_slug>/", name="topic")
    def topic_route(self, request, topic_slug):
        from community.views import topics

        return topics.topic_detail(request, self, topic_slug)

    @path(pgettext_lazy("url", "<slug:topic_slug>/reply/"), name="reply")
    def reply_route(self, request, topic_slug):
        from community.views import topics

        return topics.reply(request, self, topic_slug)

    @path("<slug:topic_slug>/<id:number>/", name="post")
    def post_route(self, request, topic_slug, number):
        from community.views import topics

        return topics.post_permalink(request, self, topic_slug, number)

    @path("<slug:topic_slug>/<id:number>/<str:action>/", name="post_action")
    def post_action_route(self, request, topic_slug, number, action):
        from community.views import posts

        return posts.post_action(request, self, topic_slug, number, action)

    def discussion_page(self) -> "BespreekpuntPage":
        """The page topics hang from: the default-language page of this translation group.

        Topics are shared by all translations of a bespreekpunt, so the English page shows the
        same conversation under English URLs.
        """
        cached = getattr(self, "_discussion_page", None)
        if cached is None:
            if self.locale.language_code == settings.LANGUAGE_CODE:
                cached = self
            else:
                cached = (
                    BespreekpuntPage.objects.filter(
                        translation_key=self.translation_key,
                        locale__language_code=settings.LANGUAGE_CODE,
                    ).first()
                    or self
                )
            self._discussion_page = cached
        return cached

    def related_links(self) -> list:
        """Links out: the manifest section and whatever other apps register (events...).

        Cached until the next page publish: the providers read pages only.
        """
        from community.cache import cached_fragment
        from community.links import links_for

        return cached_fragment(None, f"links:{self.pk}", lambda: links_for(self))

    def get_view_restrictions(self):
        """Wagtail asks on every request served; the ids are cached until pages or restrictions
        change, and an unrestricted page (the usual case) then costs no query at all."""
        from community.cache import cached_fragment

        ids = cached_fragment(
            None,
            f"restrictions:{self.pk}",
            lambda: list(
                super(BespreekpuntPage, self).get_view_restrictions().values_list("pk", flat=True)
            ),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)

    parent_page_types = ["community.BespreekpuntIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bespreekpunt")
        verbose_name_plural = _("bespreekpunten")
