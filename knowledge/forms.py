"""The front-end form members write articles with (no Wagtail admin needed)."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import RichText

from community.models import BespreekpuntPage
from knowledge.blocks import DOI_PATTERN

HEADING_PREFIX = "## "
QUOTE_PREFIX = ">"
# The last line of a quote from a discussion: "> — Name, /nl/bespreekpunten/…/3/".
ATTRIBUTION = re.compile(r"^— (?P<name>.*), (?P<url>/\S+)$")


class ArticleForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Give your article a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences; shown in lists and the feed."),
        error_messages={"required": _("Write a short summary.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Separate paragraphs with an empty line. Start a line with ## for a heading "
            "and every line of a quote with >."
        ),
        error_messages={"required": _("Write the text of your article.")},
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas, for example: leeruitkomsten, pilots"),
    )
    bespreekpunten = forms.ModelMultipleChoiceField(
        label=_("Related discussion points"),
        queryset=BespreekpuntPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional. Allowed: %(types)s; at most %(size)s.")
        % {
            "types": ", ".join(settings.WAGTAILDOCS_EXTENSIONS),
            "size": filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
        },
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = BespreekpuntPage.objects.live().order_by("number", "title")
        if locale is not None:
            queryset = queryset.filter(locale=locale)
        field = self.fields["bespreekpunten"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queryset

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give your article a title."))
        return title

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",")]
        return list(dict.fromkeys(name[:100] for name in names if name))

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        extension = Path(upload.name).suffix.lower().lstrip(".")
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of type .%(ext)s are not allowed. Allowed: %(types)s.")
                % {"ext": extension, "types": ", ".join(settings.WAGTAILDOCS_EXTENSIONS)}
            )
        if upload.size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("This file is %(size)s; attachments may be at most %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
                }
            )
        return upload

    def body_blocks(self, known_quotes: dict[str, int] | None = None) -> list[tuple[str, object]]:
        """The text as StreamField blocks: headings, quotes and paragraphs, all escaped.

        `known_quotes` maps the permalinks of the draft's quotes from a discussion to their
        posts: a quote that still ends with its attribution line stays such a quote.
        """
        blocks: list[tuple[str, object]] = []
        for chunk in re.split(r"\n\s*\n", self.cleaned_data["body"].strip()):
            lines = [line.strip() for line in chunk.strip().splitlines()]
            if lines and all(line.startswith(QUOTE_PREFIX) for line in lines):
                blocks.append(_quote_block(lines, known_quotes or {}))
                continue
            if lines and lines[0].startswith(HEADING_PREFIX):
                blocks.append(("heading", lines.pop(0)[len(HEADING_PREFIX) :].strip()))
            if lines:
                html = "<br>".join(escape(line) for line in lines)
                blocks.append(("paragraph", RichText(f"<p>{html}</p>")))
        return blocks


def _quote_block(lines: list[str], known_quotes: dict[str, int]) -> tuple[str, object]:
    text = [line[len(QUOTE_PREFIX) :].strip() for line in lines]
    attribution = ATTRIBUTION.match(text[-1])
    if attribution and attribution["url"] in known_quotes and len(text) > 1:
        return (
            "topic_quote",
            {
                "text": "\n".join(text[:-1]),
                "post_id": known_quotes[attribution["url"]],
                "url": attribution["url"],
            },
        )
    return ("quote", "\n".join(text))


class SourceForm(forms.Form):
    title = forms.CharField(
        label=_("Source title"),
        max_length=255,
        error_messages={"required": _("Give the source a title.")},
    )
    publisher = forms.CharField(label=_("Publisher"), max_length=255, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("This is not a valid web address (https://...).")},
    )
    doi = forms.RegexField(
        label=_("DOI"),
        regex=DOI_PATTERN,
        required=False,
        help_text=_("For example 10.1080/02619768.2020.1803268"),
        error_messages={"invalid": _("A DOI starts with 10. followed by a prefix and a slash.")},
    )


SourceFormSet = forms.formset_factory(SourceForm, extra=2, max_num=30)


def body_to_text(body, speakers: dict[int, str] | None = None) -> str:
    """The inverse of ArticleForm.body_blocks, to prefill the form when revising.

    `speakers` names the authors of quoted posts by post id.
    """
    from knowledge.diff import richtext_to_text

    chunks = []
    for block in body:
        if block.block_type == "heading":
            chunks.append(HEADING_PREFIX + str(block.value))
        elif block.block_type == "paragraph":
            chunks.append(richtext_to_text(block.value.source))
        elif block.block_type in ("quote", "topic_quote"):
            text = block.value["text"] if block.block_type == "topic_quote" else str(block.value)
            lines = [f"{QUOTE_PREFIX} {line}".rstrip() for line in text.splitlines()]
            if block.block_type == "topic_quote":
                name = (speakers or {}).get(block.value["post_id"], "")
                lines.append(f"{QUOTE_PREFIX} — {name}, {block.value['url']}")
            chunks.append("\n".join(lines))
        else:
            chunks.append(str(block.value))
    return "\n\n".join(chunks)


def known_quotes(body) -> dict[str, int]:
    """The permalinks of a body's quotes from a discussion, mapped to their posts."""
    return {
        block.value["url"]: block.value["post_id"]
        for block in body
        if block.block_type == "topic_quote"
    }
