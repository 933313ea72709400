"""`{% post_fragment %}`: each post rendered once for every reader, kept in this process's memory;
`{% reader %}` and `{% reader_value %}`: the places where readers differ, left as slots.

community/includes/post.html renders one post. Nothing in that rendering depends on who reads
it: each control or state that does (their reactions pressed, bookmark, edit/delete/flag and
moderator controls, the unread mark, their CSRF token) is written as a slot between two
`MARKER`s, which community.overlay fills in per reader by string substitution. So a topic page
renders each post once for all readers, anonymous or not, and keeps the rendering here, keyed by
everything the template reads (`fragment_key`): a change to anything shown makes a new key;
nothing is invalidated, old keys just fall out of the bounded cache.

A post's reactions change far more often than the rest of it, so they are rendered apart
(community/includes/post_reactions.html, `render_reactions`, kept the same way under
`reactions_key`) and put into the post's `{% reactions_slot %}` (`with_reactions`) before the
overlay runs: after a like, a page renders one post's reactions again, nothing else.

Keep `fragment_key` in step with post.html and `reactions_key` with post_reactions.html: a
value a template reads that is not in its key would be shown from an older rendering.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence

from django import template
from django.template import TemplateSyntaxError
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from community.memo import LocalValues

register = template.Library()

# Renderings kept per process: a few pages of every busy topic, in both languages (~4 KB each).
MAX_FRAGMENTS = 4000
# Alphanumeric, so escaping leaves it as it is; random, so no post body can contain it. A
# rendering kept in the shared cache carries the marker it was made with (community.post_list).
MARKER = f"slot{secrets.token_hex(16)}"

_fragments: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()


def _person(user) -> tuple:
    if user is None:
        return ()
    profile = getattr(user, "profile", None)
    if profile is None:
        return (user.username, None, None)
    return (user.username, profile.display_name, profile.erased_at)


def fragment_key(context: Context) -> tuple:
    """Everything community/includes/post.html reads, as a hashable tuple."""
    row = context["row"]
    post = row.post
    reply_to = post.reply_to
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        post.pk,
        post.number,
        post.html,
        post.created_at,
        post.edited_at,
        post.deleted_at,
        post.is_hidden,
        post.is_pending,
        post.is_key_insight,
        _person(post.author),
        (reply_to.number, _person(reply_to.author)) if reply_to is not None else None,
        row.url,
        tuple(sorted(row.actions.items())),
        context.get("topic_url"),
        context.get("reply_url"),
    )


def slot(text: str) -> str:
    return f"{MARKER}{text}{MARKER}"


# Where a post's reactions go; filled in by `with_reactions`, never left for the overlay.
REACTIONS_SLOT = slot("reactions")
# Renderings of reactions kept per process: every reaction state of the posts of busy pages.
REACTIONS = LocalValues(8000)


def reactions_key(react_url: str, reactions: Sequence) -> tuple:
    """Everything community/includes/post_reactions.html reads, as a hashable tuple."""
    return (
        translation.get_language(),
        react_url,
        tuple((r.key, r.emoji, r.label, r.count, tuple(r.names)) for r in reactions),
    )


def render_reactions(react_url: str, reactions: Sequence) -> str:
    """A post's reactions (community.views.context.ReactionRow) for every reader, with the
    reader's slots in them."""
    key = reactions_key(react_url, reactions)
    html = REACTIONS.get(key)
    if html is None:
        template = get_template("community/includes/post_reactions.html")
        row = {"reactions": reactions, "actions": {"react": react_url}}
        html = template.template.render(Context({"row": row}))  # type: ignore[attr-defined]
        REACTIONS.set(key, html)
    return html


def with_reactions(html: str, react_url: str, reactions: Sequence) -> str:
    """A post's shared rendering with its reactions put in (a deleted or hidden post shows
    none and has no slot)."""
    return html.replace(REACTIONS_SLOT, render_reactions(react_url, reactions), 1)


class PostFragmentNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        key = fragment_key(context)
        with _lock:
            html = _fragments.get(key)
            if html is not None:
                _fragments.move_to_end(key)
        if html is None:
            # The post's number opens its slots: the overlay looks the reader's state up by it.
            html = slot(f"post:{context['row'].post.number}") + self.nodelist.render(context)
            with _lock:
                _fragments[key] = html
                while len(_fragments) > MAX_FRAGMENTS:
                    _fragments.popitem(last=False)
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped when rendered


class ReaderNode(Node):
    def __init__(self, condition: str, nodelist: NodeList) -> None:
        self.condition = condition
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        return slot(f"if:{self.condition}") + self.nodelist.render(context) + slot("end")


@register.tag
def post_fragment(parser: Parser, token: Token) -> PostFragmentNode:
    """{% post_fragment %}...{% endpost_fragment %} around the whole of post.html."""
    nodelist = parser.parse(("endpost_fragment",))
    parser.delete_first_token()
    return PostFragmentNode(nodelist)


@register.tag
def reader(parser: Parser, token: Token) -> ReaderNode:
    """{% reader "edit" %}...{% endreader %}: shown only to readers for whom the condition
    holds on this post (community.overlay.CONDITIONS)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise TemplateSyntaxError("{% reader %} takes one quoted condition")
    nodelist = parser.parse(("endreader",))
    parser.delete_first_token()
    return ReaderNode(bits[1][1:-1], nodelist)


@register.simple_tag
def reader_value(name: str, key: str = "") -> SafeString:
    """A value the overlay fills in for the reader: unread, bookmarked, mine/pressed of a key."""
    return mark_safe(slot(f"{name}:{key}" if key else name))  # noqa: S308 - our own marker


@register.simple_tag
def reactions_slot() -> SafeString:
    """Where the post's reactions go (`with_reactions`)."""
    return mark_safe(REACTIONS_SLOT)  # noqa: S308 - our own marker


@register.simple_tag
def reader_csrf() -> SafeString:
    """The reader's CSRF field, filled in by the overlay."""
    return mark_safe(  # noqa: S308 - our own marker
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{slot("csrf")}">'
    )


def clear() -> None:
    """Forget every rendering (tests)."""
    with _lock:
        _fragments.clear()


def size() -> int:
    return len(_fragments)
