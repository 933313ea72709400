"""`{% post_fragment %}`: each rendered post kept in this process's memory, for every reader whose
view of it is the same.

community/includes/post.html renders one post for one reader; the topic page renders 50 of them
and a socket of a member renders each live post again (community.realtime.render), which made
the template most of a logged-in topic page's time (bench/bench_topic.py). The tag keys a
rendering by everything the template reads: the post's own fields, its author's and quoted
author's names, its reactions, its URLs, and what depends on the reader (their flags in the
PostRow, unread, may reply, signed in). So two members who may do the same things with a post
share one rendering, and a change to anything shown makes a new key; nothing is invalidated,
old keys just fall out of the bounded cache. The reader's CSRF token is not part of the key: a
rendering holds a per-process random placeholder where {% csrf_token %} goes, replaced by the
reader's token on the way out.

Keep `fragment_key` in step with post.html: a value the template reads that is not in the key
would be shown to readers from another reader's rendering.
"""

import secrets
import threading
from collections import OrderedDict

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Renderings kept per process: a few pages of every busy topic, in both languages (~4 KB each).
MAX_FRAGMENTS = 4000
# Alphanumeric, so escaping leaves it as it is; random, so no post body can contain it.
CSRF_PLACEHOLDER = f"csrf{secrets.token_hex(16)}"

_fragments: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()


def _person(user) -> tuple:
    if user is None:
        return ()
    profile = getattr(user, "profile", None)
    if profile is None:
        return (user.username, None, None)
    return (user.username, profile.display_name, profile.erased_at)


def fragment_key(context: Context, has_csrf: bool) -> tuple:
    """Everything community/includes/post.html reads, as a hashable tuple."""
    row = context["row"]
    post = row.post
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    last_read = context.get("last_read")
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
        tuple((r.key, r.count, tuple(r.names), r.mine) for r in row.reactions),
        row.url,
        tuple(sorted(row.actions.items())),
        row.can_edit,
        row.can_delete,
        row.can_mark,
        row.can_hide,
        row.can_react,
        row.can_flag,
        row.bookmarked,
        row.can_add_decision,
        signed_in,
        bool(signed_in and last_read is not None and post.number > last_read),
        bool(context.get("can_reply")),
        context.get("topic_url"),
        context.get("reply_url"),
        has_csrf,
    )


class PostFragmentNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        # Only members see a post's forms. Reading the (lazy) token for a visitor would set the
        # CSRF cookie, and the anonymous page cache stores no response that sets a cookie.
        user = context.get("user")
        csrf = context.get("csrf_token") if user is not None and user.is_authenticated else None
        has_csrf = bool(csrf) and csrf != "NOTPROVIDED"  # what CsrfTokenNode renders as nothing
        key = fragment_key(context, has_csrf)
        with _lock:
            html = _fragments.get(key)
            if html is not None:
                _fragments.move_to_end(key)
        if html is None:
            if has_csrf:
                with context.push(csrf_token=CSRF_PLACEHOLDER):
                    html = self.nodelist.render(context)
            else:
                html = self.nodelist.render(context)
            with _lock:
                _fragments[key] = html
                while len(_fragments) > MAX_FRAGMENTS:
                    _fragments.popitem(last=False)
        if has_csrf:
            html = html.replace(CSRF_PLACEHOLDER, str(csrf))
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped when rendered


@register.tag
def post_fragment(parser: Parser, token: Token) -> PostFragmentNode:
    """{% post_fragment %}...{% endpost_fragment %} around the whole of post.html."""
    nodelist = parser.parse(("endpost_fragment",))
    parser.delete_first_token()
    return PostFragmentNode(nodelist)


def clear() -> None:
    """Forget every rendering (tests)."""
    with _lock:
        _fragments.clear()


def size() -> int:
    return len(_fragments)
