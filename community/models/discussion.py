"""Members' discussion content: topics under a bespreekpunt, their posts and per-member state.

These are plain Django models, not pages: members write them, editors do not publish them.
Counters (post_count, participant_count, view_count, reaction_counts) are kept up to date by
the actions in community/actions_discussion.py so list and topic pages read them without
counting.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

# The fixed set of reactions: (key, emoji, label). The key is stored, the emoji shown.
REACTIONS: list[tuple[str, str, Any]] = [
    ("thumbsup", "👍", _("Agree")),
    ("heart", "❤️", _("Appreciate")),
    ("bulb", "💡", _("Insightful")),
    ("thinking", "🤔", _("Makes me think")),
]
REACTION_KEYS = [key for key, _emoji, _label in REACTIONS]


class TopicTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "community.Topic", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Topic(models.Model):
    """A conversation a member starts under a bespreekpunt."""

    bespreekpunt = models.ForeignKey(
        "community.BespreekpuntPage",
        on_delete=models.CASCADE,
        related_name="topics",
        verbose_name=_("bespreekpunt"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="topics"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_posted_at = models.DateTimeField(_("last activity"), db_index=True)
    # The posts readers may count: numbered 1 ... post_count (replies awaiting approval come
    # after them); in a pending topic, all its posts.
    post_count = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    # Members who opened the topic (one per member): anonymous readers are served from cache.
    view_count = models.PositiveIntegerField(default=0)
    is_closed = models.BooleanField(_("closed"), default=False)
    # Pinned topics come first in their bespreekpunt; pinned globally, also on the home page.
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_pinned_globally = models.BooleanField(_("pinned site-wide"), default=False)
    # The opening post awaits a moderator's approval: only its author and moderators see it.
    is_pending = models.BooleanField(_("awaiting approval"), default=False)
    tags = TaggableManager(verbose_name=_("tags"), through=TopicTag, blank=True)

    # Not stored: set by views and selectors for the templates, or by query annotations.
    url: str
    tag_list: list[str]
    is_new: bool
    unread: int
    bespreekpunt_title: str

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-last_posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["bespreekpunt", "slug"], name="topic_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.bespreekpunt.url + self.bespreekpunt.reverse_subpage(
            "topic", kwargs={"topic_slug": self.slug}
        )

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    def subpage_url(self, name: str, **kwargs) -> str:
        return self.bespreekpunt.url + self.bespreekpunt.reverse_subpage(
            name, kwargs={"topic_slug": self.slug, **kwargs}
        )


class Post(models.Model):
    """One message in a topic. Numbered 1, 2, 3 ... per topic; number 1 opens the topic.

    Numbers readers see have no gaps: the posts they may read are 1 ... topic.post_count,
    and replies awaiting approval come after those, taking the next public number only once
    approved (community.actions.renumber). A pending topic numbers all its posts in order."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    body = models.TextField(_("text"))
    # Sanitised HTML rendered from `body` on every save; reading never renders Markdown.
    html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    is_key_insight = models.BooleanField(_("key insight"), default=False)
    # Awaiting a moderator's approval (new members' first posts): seen by author and moderators.
    is_pending = models.BooleanField(_("awaiting approval"), default=False)
    reaction_counts = models.JSONField(default=dict, blank=True)
    # Who reacted, {kind: [[user id, display name], ...]}, kept with the counts under the post's
    # row lock so the topic page shows names without reading the reactions table.
    reactors = models.JSONField(default=dict, blank=True)

    # Not stored: set by views for the templates, or by query annotations.
    url: str
    has_decision: bool

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="post_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.number}"

    def get_absolute_url(self) -> str:
        return self.topic.subpage_url("post", number=self.number)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and not self.is_hidden and not self.is_pending


class TopicRedirect(models.Model):
    """An address a topic had before a split renumbered it: `<slug>/` under the bespreekpunt
    leads to the topic, `<slug>/<number>/` to the post that had that number, wherever it is
    now. The slug stays taken, so an old link never reaches another topic."""

    bespreekpunt = models.ForeignKey(
        "community.BespreekpuntPage", on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(max_length=80, allow_unicode=False)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="redirects")
    # {"<old number>": post id}: ids, so later moves and splits keep the links right.
    posts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bespreekpunt", "slug"], name="topic_redirect_slug")
        ]

    def __str__(self) -> str:
        return f"{self.slug} → {self.topic_id}"


class PostRevision(models.Model):
    """The text of a post before each edit; revision 1 is the original."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.post} v{self.number}"


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=[(k, e) for k, e, _label in REACTIONS])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post}"


class ReadState(models.Model):
    """How far a member has read a topic: the highest post number seen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="read_state_once")]

    def __str__(self) -> str:
        return f"{self.topic} read to #{self.last_read_number}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    url: str  # set by the bookmarks view

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"bookmark of {self.post}"


class Draft(models.Model):
    """Text a member is typing, saved server-side so a closed tab or failed submit loses nothing.

    `key` names the form: "topic:<page id>" for a new topic, "reply:<topic id>" for a reply,
    "edit:<post id>" for an edit.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=64)
    title = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="draft_once")]

    def __str__(self) -> str:
        return self.key
