"""Result snippets: a short passage around the first matched word, matched words in <mark>."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.text import is_stop_word, normalise, stem

WORD_RE = re.compile(r"[^\W_](?:[\w&-]*[^\W_])?")
WINDOW = 32
LEAD = 8


NON_TOKEN_RE = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=100_000)
def _stem_of(word: str, language: str) -> str:
    """The stem a written word is searched by, or "" (no letters, or a stop word): a snippet
    looks at every word of a body up to three times, so each word is analysed once."""
    token = NON_TOKEN_RE.sub("", normalise(word))
    if not token or is_stop_word(token, language):
        return ""
    return stem(token, language)


def _matches(word: str, stems: set[str], language: str) -> bool:
    return (found := _stem_of(word, language)) != "" and found in stems


def snippet(text: str, stems: set[str], language: str) -> SafeString:
    words = list(WORD_RE.finditer(text))
    if not words:
        return mark_safe("")  # noqa: S308 - empty
    first = next((i for i, m in enumerate(words) if _matches(m[0], stems, language)), 0)
    start_index = max(first - LEAD, 0)
    end_index = min(start_index + WINDOW, len(words))
    start = words[start_index].start()
    end = words[end_index - 1].end()
    parts = ["… " if start_index else ""]
    position = start
    for match in words[start_index:end_index]:
        parts.append(escape(text[position : match.start()]))
        word = escape(match[0])
        parts.append(f"<mark>{word}</mark>" if _matches(match[0], stems, language) else word)
        position = match.end()
    parts.append(escape(text[position:end]))
    parts.append(" …" if end_index < len(words) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def first_match(text: str, stems: set[str], language: str) -> str:
    """The first matched word as written, for a URL text fragment (#:~:text=)."""
    return next((m[0] for m in WORD_RE.finditer(text) if _matches(m[0], stems, language)), "")
