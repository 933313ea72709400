"""A reader's part of a post list, laid over the rendering shared by every reader.

community/includes/post.html is rendered once for all readers (community.post_list); each place
where readers differ is a slot between two markers (community.templatetags.community_posts):

- `post:<number>` opens a post's slots; the overlay looks up that post's facts;
- `if:<condition>` ... `end` keeps its content only for a reader for whom the condition holds
  on that post (`CONDITIONS`): a control the reader may not use is cut out, never hidden;
- `unread`, `bookmarked`, `mine:<key>`, `pressed:<key>` and `csrf` become the reader's value.

Filling them in is one `str.split` and a loop over the slots: a page of 50 posts is about a
millisecond, where rendering the template per reader was tens. The conditions are the rules of
community.permissions, applied to facts kept with the rendering (author, deleted, visible, who
reacted), so the overlay needs no post rows from the database.
"""

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

from community.memo import LocalValues


class PostFacts(NamedTuple):
    """What the reader's part of one post depends on, kept with the shared rendering."""

    number: int
    pk: int
    author_id: int | None
    deleted: bool
    visible: bool
    reactors: dict[str, frozenset[int]]


@dataclass(frozen=True)
class Reader:
    """Who reads the page, as far as the posts' slots depend on it."""

    user_id: int | None = None
    member: bool = False
    moderator: bool = False
    can_reply: bool = False
    topic_author_id: int | None = None
    topic_closed: bool = False
    # Posts after this number are marked unread; None: nothing is.
    last_read: int | None = None
    bookmarks: frozenset[int] = frozenset()  # post numbers
    with_decision: frozenset[int] = frozenset()  # post ids holding a poll or consent round
    csrf: str = ""
    anonymous: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anonymous", self.user_id is None)


def conditions(reader: Reader, post: PostFacts) -> dict[str, bool]:
    """Which of a post's controls this reader may use (community.permissions' rules)."""
    member = reader.member
    own = reader.user_id is not None and post.author_id == reader.user_id
    may_react = member and post.visible
    bookmarked = post.number in reader.bookmarks
    return {
        "signed_in": not reader.anonymous,
        "reply": reader.can_reply,
        "edit": member and not post.deleted and (own or reader.moderator),
        "delete": member and own and not post.deleted,
        "bookmarked": bookmarked,
        "not_bookmarked": not bookmarked,
        "mark": member
        and post.visible
        and (reader.moderator or reader.topic_author_id == reader.user_id),
        "hide": reader.moderator and not post.deleted,
        "react": may_react,
        "noreact": not may_react,
        "flag": may_react and not own,
        "decision": member
        and (own or reader.moderator)
        and post.visible
        and not reader.topic_closed
        and post.pk not in reader.with_decision,
    }


CONDITIONS = frozenset(conditions(Reader(), PostFacts(0, 0, None, False, True, {})))


def _is_unread(reader: Reader, post: PostFacts) -> bool:
    return not reader.anonymous and reader.last_read is not None and post.number > reader.last_read


def _value(name: str, reader: Reader, post: PostFacts) -> str:
    kind, _sep, key = name.partition(":")
    if kind == "csrf":
        return reader.csrf
    if kind == "unread":
        return " post--unread" if _is_unread(reader, post) else ""
    if kind == "bookmarked":
        return "true" if post.number in reader.bookmarks else "false"
    mine = reader.user_id is not None and reader.user_id in post.reactors.get(key, ())
    if kind == "mine":
        return " reaction--mine" if mine else ""
    if kind == "pressed":
        return "true" if mine else "false"
    raise ValueError(f"unknown slot {name!r}")


def overlay(html: str, marker: str, reader: Reader, facts: dict[int, PostFacts]) -> SafeString:
    """`html` (shared renderings of posts) with `reader`'s part filled in."""
    parts = html.split(marker)
    out = [parts[0]]
    skipping = 0
    post = None
    allowed: dict[str, bool] = {}
    for index in range(1, len(parts), 2):
        slot, text = parts[index], parts[index + 1]
        if skipping:
            if slot.startswith("if:"):
                skipping += 1
            elif slot == "end":
                skipping -= 1
            if not skipping:
                out.append(text)
            continue
        if slot.startswith("if:"):
            if not allowed[slot[3:]]:
                skipping = 1
                continue
        elif slot.startswith("post:"):
            post = facts[int(slot[5:])]
            allowed = conditions(reader, post)
        elif slot != "end":
            assert post is not None, "a slot before its post"
            out.append(_value(slot, reader, post))
        out.append(text)
    return mark_safe("".join(out))  # noqa: S308 - shared rendering, escaped when rendered


class PageOverlay:
    """`overlay` for a whole page of posts, from each post's part made once per kind of reader.

    What `overlay` makes of one post depends on the reader only through that post's
    `conditions`, its unread mark, the reactions that are the reader's and the CSRF token, and
    on the post only through its rendering. Readers alike in all but the token get the same
    text, so it is made once per rendering of a post and kind of reader (with the token left as
    its slot) and kept in this process (`PARTS`): a page is then one lookup per post and one
    replace, and after a change to one post only that post's parts are made again. The result
    is `overlay(html, marker, reader, facts)`, character for character.
    """

    def __init__(self, html: str, marker: str, facts: dict[int, PostFacts]) -> None:
        self.marker = marker
        self.csrf_slot = f"{marker}csrf{marker}"
        parts = html.split(marker)
        self.head = parts[0]
        # Each post's own slots and text, from its `post:` slot up to the next one.
        starts = [i for i in range(1, len(parts), 2) if parts[i].startswith("post:")]
        self.posts: list[tuple[PostFacts, str]] = []
        ends = [*starts[1:], len(parts)] if starts else []
        for start, end in zip(starts, ends, strict=True):
            segment = marker + marker.join(parts[start:end])
            self.posts.append((facts[int(parts[start][5:])], segment))

    @classmethod
    def from_posts(cls, marker: str, posts: list[tuple[PostFacts, str]]) -> "PageOverlay":
        """The overlay of posts rendered one by one, each opening with its `post:` slot: the
        same as `PageOverlay("".join(their renderings), ...)` without cutting the page up."""
        page = cls("", marker, {})
        page.posts = posts
        return page

    def for_reader(self, reader: Reader) -> SafeString:
        tokenless = replace(reader, csrf=self.csrf_slot)
        out = [self.head]
        for post, segment in self.posts:
            mine = (
                frozenset(key for key, ids in post.reactors.items() if reader.user_id in ids)
                if reader.user_id is not None
                else frozenset()
            )
            kind = (
                segment,
                tuple(conditions(reader, post).values()),
                _is_unread(reader, post),
                mine,
            )
            text = PARTS.get(kind)
            if text is None:
                text = overlay(segment, self.marker, tokenless, {post.number: post})
                PARTS.set(kind, text)
            out.append(text)
        html = "".join(out).replace(self.csrf_slot, reader.csrf)
        return mark_safe(html)  # noqa: S308 - shared rendering, escaped when rendered


# A few kinds of reader for the posts of the busiest pages: a part is ~4 KB, its key holds the
# post's rendering (~8 KB), so at most ~50 MB.
PARTS = LocalValues(4000)
