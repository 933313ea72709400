"""StreamField blocks of the events app: the agenda of an event and the outcomes of a session."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class TimeSlotBlock(blocks.StructBlock):
    """One slot of an event's programme, optionally about a bespreekpunt."""

    start = blocks.TimeBlock(label=_("start"))
    end = blocks.TimeBlock(label=_("end"), required=False)
    title = blocks.CharBlock(label=_("title"), max_length=160)
    description = blocks.TextBlock(label=_("description"), required=False)
    bespreekpunt = blocks.PageChooserBlock(
        label=_("bespreekpunt"), page_type="community.BespreekpuntPage", required=False
    )

    class Meta:
        icon = "time"
        label = _("Time slot")
        template = "events/blocks/time_slot.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"), required=False, help_text=_("Leave empty to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    speaker = blocks.CharBlock(
        label=_("speaker"), required=False, help_text=_("Hidden when the outcome has no names.")
    )

    class Meta:
        icon = "openquote"


class BespreekpuntOutcomeBlock(blocks.StructBlock):
    """What a session yielded on one bespreekpunt."""

    bespreekpunt = blocks.PageChooserBlock(
        label=_("bespreekpunt"), page_type="community.BespreekpuntPage"
    )
    insights = blocks.ListBlock(blocks.TextBlock(), label=_("insights"), default=[])
    open_questions = blocks.ListBlock(blocks.TextBlock(), label=_("open questions"), default=[])
    agreements = blocks.ListBlock(blocks.TextBlock(), label=_("agreements"), default=[])
    advice = blocks.ListBlock(blocks.TextBlock(), label=_("advice"), default=[])
    quotes = blocks.ListBlock(QuoteBlock(), label=_("quotes"), default=[])

    class Meta:
        icon = "list-ul"
        label = _("Outcome per bespreekpunt")
