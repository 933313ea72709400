"""Markdown to safe HTML for posts: CommonMark with tables, strikethrough and autolinks.

Posts are rendered once, when saved, and the sanitised HTML is stored. Raw HTML in the source is
escaped by the parser (html=False) and the result still goes through nh3's allow-list, so the
allow-list alone decides what markup can ever reach a reader.
"""

import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Only table alignment survives in style attributes.
ALLOWED_STYLE = {"text-align"}

MENTION_RE = re.compile(r"@([A-Za-z0-9_.+-]{1,150})")
URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,:;!?)]}'\""


def sanitise(html: str) -> str:
    """The allow-listed part of `html`; applying it twice changes nothing."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        filter_style_properties=ALLOWED_STYLE,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


@dataclass
class Rendered:
    html: str
    mentions: list[str] = field(default_factory=list)


def _mention_rule(profile_url, known: set[str]):
    def rule(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        # Inside a link's text (a quote's source "[@name, #3](...)") a mention would nest links.
        if state.src[pos] != "@" or getattr(state, "linkLevel", 0) > 0:
            return False
        if pos > 0 and (state.src[pos - 1].isalnum() or state.src[pos - 1] in "_.-"):
            return False
        match = MENTION_RE.match(state.src, pos)
        if not match:
            return False
        username = match.group(1).rstrip(".-")
        if username not in known:
            return False
        if not silent:
            token = state.push("link_open", "a", 1)
            token.attrs = {"href": profile_url(username), "class": "mention"}
            text = state.push("text", "", 0)
            text.content = "@" + username
            state.push("link_close", "a", -1)
            state.env.setdefault("mentions", []).append(username)
        state.pos += 1 + len(username)
        return True

    return rule


def _linkify(state) -> None:
    """Bare http(s) URLs in text become links (GFM's extended autolinks, without a library)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        inside_link = 0
        for token in block.children:
            if token.type == "link_open":
                inside_link += 1
            elif token.type == "link_close":
                inside_link -= 1
            if token.type != "text" or inside_link or "http" not in token.content.lower():
                children.append(token)
                continue
            children.extend(_split_urls(token.content))
        block.children = children


def _split_urls(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(TRAILING_PUNCTUATION)
        if url.count("(") > url.count(")") and match.group(0)[len(url) :].startswith(")"):
            url += ")"
        start = match.start()
        if start > position:
            tokens.append(_text_token(text[position:start]))
        link_open = Token("link_open", "a", 1)
        link_open.attrs = {"href": url}
        tokens += [link_open, _text_token(url), Token("link_close", "a", -1)]
        position = start + len(url)
    if position < len(text):
        tokens.append(_text_token(text[position:]))
    return tokens


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def render_markdown(source: str, *, profile_url=None, known_usernames=()) -> Rendered:
    """Renders a post's Markdown; @mentions of `known_usernames` link to `profile_url(name)`."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )
    known = set(known_usernames)
    if profile_url is not None and known:
        md.inline.ruler.before("emphasis", "mention", _mention_rule(profile_url, known))
    md.core.ruler.push("bare_links", _linkify)
    env: dict = {}
    html = md.render(source, env)
    mentions = list(dict.fromkeys(env.get("mentions", [])))
    return Rendered(html=sanitise(html), mentions=mentions)


def mentioned_names(source: str) -> set[str]:
    """Candidate usernames after an @, so the caller can look them up in one query."""
    return {match.group(1).rstrip(".-") for match in MENTION_RE.finditer(source)}
