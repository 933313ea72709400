"""Readable, word-level comparison of two manifest versions, as safe HTML.

Every piece of text is escaped before it is wrapped in <ins>/<del>, so markup in the manifest can
never reach the page unescaped.
"""

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# A token is a line break, a run of other whitespace, or a word (with its punctuation).
TOKEN = re.compile(r"\n|[^\S\n]+|\S+")
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


@dataclass
class DiffPart:
    label: str
    status: str  # "unchanged", "changed", "added" or "removed"
    html: SafeString


def richtext_to_text(value: str) -> str:
    """Plain text of rich text: one line per block, list items marked with a bullet."""
    text = BLOCK_END.sub("\n", str(value))
    text = re.sub(r"<li[^>]*>", "• ", text, flags=re.IGNORECASE)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def word_diff(old: str, new: str) -> SafeString:
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    removed, added = escape(_("removed:")), escape(_("added:"))
    out: list[str] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            text = escape("".join(old_tokens[i1:i2]))
            out.append(f'<del><span class="visually-hidden">{removed} </span>{text}</del>')
        if j2 > j1:
            text = escape("".join(new_tokens[j1:j2]))
            out.append(f'<ins><span class="visually-hidden">{added} </span>{text}</ins>')
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def manifest_parts(page) -> dict[str, tuple[str, str]]:
    """key -> (label, text) for the parts of a manifest version, in reading order."""
    parts: dict[str, tuple[str, str]] = {
        "title": (_("Title"), "\n".join(filter(None, [page.title, page.subtitle]))),
        "intro": (_("Introduction"), richtext_to_text(page.intro)),
    }
    # Raw block data: the diff needs only text, so chosen pages are never fetched.
    for block in page.sections.raw_data:
        value = block["value"]
        parts[f"section:{value['anchor']}"] = (
            value["heading"],
            f"{value['heading']}\n{richtext_to_text(value['text'])}",
        )
    sources = []
    for block in page.sources.raw_data:
        value = block["value"]
        fields = (value.get("title"), value.get("publisher"), value.get("year"))
        line = ", ".join(str(v) for v in fields if v)
        sources.append(f"• {line} {value.get('url') or ''}".strip())
    parts["sources"] = (_("Background sources"), "\n".join(sources))
    return parts


def compare_manifests(old_page, new_page) -> list[DiffPart]:
    old, new = manifest_parts(old_page), manifest_parts(new_page)
    keys = list(new) + [key for key in old if key not in new]
    result = []
    for key in keys:
        if key not in old:
            label, text = new[key]
            result.append(DiffPart(label, "added", word_diff("", text)))
        elif key not in new:
            label, text = old[key]
            result.append(DiffPart(label, "removed", word_diff(text, "")))
        else:
            label = new[key][0]
            status = "unchanged" if old[key][1] == new[key][1] else "changed"
            result.append(DiffPart(label, status, word_diff(old[key][1], new[key][1])))
    return [part for part in result if part.html or part.status != "unchanged"]
