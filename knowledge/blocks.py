"""StreamField blocks of the manifest and the knowledge base."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

DOI_PATTERN = r"^10\.\d{4,9}/\S+$"


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
    bespreekpunt = blocks.PageChooserBlock(
        page_type="community.BespreekpuntPage",
        required=False,
        label=_("discussion point"),
        help_text=_("Where members discuss this section; 'discuss this' starts a topic there."),
    )

    class Meta:
        icon = "doc-full"
        template = "knowledge/blocks/section.html"


class SourceBlock(blocks.StructBlock):
    """A background source: what it is, who published it, when, and where to find it."""

    title = blocks.CharBlock(label=_("title"))
    publisher = blocks.CharBlock(label=_("publisher"), required=False)
    year = blocks.IntegerBlock(label=_("year"), required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(label=_("link"), required=False)
    doi = blocks.RegexBlock(
        regex=DOI_PATTERN,
        required=False,
        label=_("DOI"),
        help_text=_("For example 10.1080/02619768.2020.1803268"),
        error_messages={"invalid": _("A DOI starts with 10. followed by a prefix and a slash.")},
    )
    note = blocks.TextBlock(label=_("note"), required=False)

    class Meta:
        icon = "link"
        template = "knowledge/blocks/source.html"


class TopicQuoteBlock(blocks.StructBlock):
    """A post quoted from a discussion, with its permalink.

    The speaker is kept as the post's id, never as a name: the article shows the author's
    public name when it is read, so a member who deletes their account reads "deleted member".
    """

    text = blocks.TextBlock(label=_("quote"))
    post_id = blocks.IntegerBlock(label=_("post"), min_value=1)
    url = blocks.CharBlock(label=_("permalink"), max_length=500)

    class Meta:
        icon = "openquote"
        label = _("Quote from a discussion")
