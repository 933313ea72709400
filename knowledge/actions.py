"""Domain actions of the knowledge app, actor first (see the house style in the brief).

Members' articles are written as draft revisions owned by the member and go to the editors
through the editorial workflow; nothing here publishes an article.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Revision, TaskState, WorkflowState
from wagtail.rich_text import RichText

from community.cache import invalidate
from community.models import BespreekpuntPage, Post, Topic
from knowledge.diff import richtext_to_text
from knowledge.models import ArticleAttachment, ArticlePage, KnowledgeIndexPage, ManifestVersion
from knowledge.permissions import (
    check_distil_topic_permission,
    check_edit_article_permission,
    check_submit_article_permission,
    check_write_article_permission,
)
from knowledge.workflow_emails import may_use_admin

# The parts of a manifest revision that make a version differ from the one before.
MANIFEST_SUBSTANCE = ("title", "subtitle", "intro", "sections", "sources")


@dataclass
class ArticleData:
    """What a member writes; `body` is a StreamField value, `sources` a list of source dicts."""

    title: str
    summary: str
    body: list[tuple[str, Any]]
    tags: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    bespreekpunt_ids: list[int] = field(default_factory=list)
    attachments: list[UploadedFile] = field(default_factory=list)
    # Only when creating: the concluded topic the article is distilled from.
    source_topic: Topic | None = None


def _substance(content: dict) -> dict:
    """The parts of a manifest revision that make it a new version, comparable as data.

    StreamFields are stored as JSON text inside the revision, and PostgreSQL's jsonb gives their
    keys another order than the one they were written in; parsed, equal content compares equal.
    """
    substance = {}
    for key in MANIFEST_SUBSTANCE:
        value = content.get(key)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        substance[key] = value
    return substance


@transaction.atomic
def do_record_manifest_version(page, revision: Revision) -> ManifestVersion | None:
    """Numbers a new published version; a re-publish of identical content adds none."""
    # Locking the page row serialises concurrent publishes, so numbers never collide.
    Page.objects.select_for_update().filter(pk=page.pk).first()
    latest = ManifestVersion.objects.filter(page_id=page.pk).order_by("-number").first()
    content = revision.content
    if latest is not None and (
        latest.revision_id == revision.pk or _substance(latest.content) == _substance(content)
    ):
        return None
    note = content.get("change_note") or ""
    if latest is not None and note == latest.change_note:
        # The note field keeps its value between publications; an unchanged note is stale.
        note = ""
    return ManifestVersion.objects.create(
        page_id=page.pk,
        number=(latest.number if latest else 0) + 1,
        revision=revision,
        content=content,
        published_at=page.last_published_at or timezone.now(),
        change_note=note,
        editor=revision.user,
    )


def check_create_article(actor, index: KnowledgeIndexPage, data: ArticleData) -> ArticlePage:
    check_write_article_permission(actor)
    return do_create_article(actor, index, data)


@transaction.atomic
def do_create_article(actor, index: KnowledgeIndexPage, data: ArticleData) -> ArticlePage:
    article = ArticlePage(
        title=data.title,
        slug=_free_slug(index, data.title),
        locale=index.locale,
        owner=actor,
        live=False,
        has_unpublished_changes=True,
        source_topic=data.source_topic,
    )
    _apply(article, data, actor)
    article.authors.set([actor])
    index.add_child(instance=article)
    article.save_revision(user=actor, log_action=True)
    return article


def key_insights(topic: Topic) -> list[Post]:
    """The topic's visible key insights in thread order, with their authors' profiles."""
    return list(
        Post.objects.filter(
            topic=topic, is_key_insight=True, deleted_at=None, is_hidden=False, is_pending=False
        )
        .select_related("author__profile", "topic__bespreekpunt")
        .order_by("number")
    )


def check_distil_topic(actor, index: KnowledgeIndexPage, topic: Topic) -> ArticlePage:
    check_distil_topic_permission(actor, topic)
    return do_distil_topic(actor, index, topic)


@transaction.atomic
def do_distil_topic(actor, index: KnowledgeIndexPage, topic: Topic) -> ArticlePage:
    """A draft article owned by `actor`, prefilled with the topic's key insights as quotes.

    One article per topic: the topic's row lock makes a second, concurrent distil wait and
    then find the first one's draft. The draft goes to the editors like any other article.
    """
    Topic.objects.select_for_update().filter(pk=topic.pk).first()
    existing = ArticlePage.objects.filter(source_topic=topic).first()
    if existing is not None:
        raise ValidationError(
            _("This topic has already been distilled into “%(title)s”.")
            % {"title": existing.draft_title}
        )
    insights = key_insights(topic)
    if not insights:
        raise ValidationError(
            _("Mark the topic's key insights first: they become the article's quotes.")
        )
    with override(index.locale.language_code):
        lead = _(
            "This article comes from a discussion of %(posts)s posts by %(participants)s "
            "participants. Its key insights follow, quoted with a link to where they were written."
        ) % {"posts": topic.post_count, "participants": topic.participant_count}
        data = ArticleData(
            title=topic.title,
            summary=_("What the network concluded in the discussion “%(title)s”.")
            % {"title": topic.title},
            body=[
                ("paragraph", RichText(f"<p>{escape(lead)}</p>")),
                ("heading", _("Key insights")),
                *[("topic_quote", _quote(post)) for post in insights],
            ],
            tags=list(topic.tags.names()),
            bespreekpunt_ids=[_bespreekpunt_in(topic.bespreekpunt, index).pk],
            source_topic=topic,
        )
    article = do_create_article(actor, index, data)
    # The topic page offers to distil it only while no article came from it (a site-wide
    # fragment, see knowledge.distil; distilling is rare).
    transaction.on_commit(invalidate)
    return article


QUOTE_LENGTH = 1500


def _quote(post: Post) -> dict[str, Any]:
    text = richtext_to_text(post.html)
    if len(text) > QUOTE_LENGTH:
        text = text[: QUOTE_LENGTH - 1].rstrip() + "…"
    return {"text": text, "post_id": post.pk, "url": post.get_absolute_url()}


def _bespreekpunt_in(bespreekpunt: BespreekpuntPage, index: KnowledgeIndexPage) -> Page:
    """The bespreekpunt in the knowledge base's language, as the article's relation."""
    return (
        BespreekpuntPage.objects.filter(
            translation_key=bespreekpunt.translation_key, locale_id=index.locale_id
        ).first()
        or bespreekpunt
    )


def check_update_article(actor, article: ArticlePage, data: ArticleData) -> ArticlePage:
    check_edit_article_permission(actor, article)
    return do_update_article(actor, article, data)


@transaction.atomic
def do_update_article(actor, article: ArticlePage, data: ArticleData) -> ArticlePage:
    """Saves the member's changes as a new draft revision; the live version stays as it is."""
    draft = article.get_latest_revision_as_object()
    draft.title = data.title
    _apply(draft, data, actor)
    draft.save_revision(user=actor, log_action=True)
    return draft


def check_submit_article(actor, article: ArticlePage) -> WorkflowState:
    check_submit_article_permission(actor, article)
    return do_submit_article(actor, article)


@transaction.atomic
def do_submit_article(actor, article: ArticlePage) -> WorkflowState:
    """Sends the latest draft to the editors: resumes a workflow that asked for changes."""
    state = article.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=actor)
        state.refresh_from_db()
        return state
    workflow = article.get_workflow()
    assert workflow is not None, "check_submit_article_permission guarantees a workflow"
    return workflow.start(article, actor)


def notify_article_reviewed(task_state_id: int) -> None:
    """Emails the member who submitted the article the editors' decision and comment, in the
    member's language, linking the public article or their draft's edit page. People who can
    use the admin get Wagtail's own email instead (knowledge.workflow_emails)."""
    task_state = TaskState.objects.select_related("workflow_state", "finished_by").get(
        pk=task_state_id
    )
    article = task_state.workflow_state.content_object.specific
    member = task_state.workflow_state.requested_by or article.owner
    if member is None or not member.email or not member.is_active:
        return
    if member == task_state.finished_by or may_use_admin(member):
        return
    profile = getattr(member, "profile", None)
    language = profile.language if profile is not None else settings.LANGUAGE_CODE
    rejected = task_state.status == TaskState.STATUS_REJECTED
    index = article.get_parent().specific
    # The edit page lives under the article's own index, its address in that index's language.
    with override(article.locale.language_code):
        if rejected:
            link = index.get_full_url() + index.reverse_subpage(
                "edit", kwargs={"article_id": article.pk}
            )
        else:
            locale = Locale.objects.filter(language_code=language).first()
            translated = article.get_translation_or_none(locale) if locale else None
            shown = translated if translated is not None and translated.live else article
            link = shown.get_full_url() or ""
    with override(language):
        if rejected:
            subject = _("Your article needs changes: %(title)s") % {"title": article.draft_title}
            lead = _("The editors ask you to revise your article.")
        else:
            subject = _("Your article was approved: %(title)s") % {"title": article.draft_title}
            lead = _("The editors approved your article.")
        comment = task_state.comment or _("(no comment)")
        heading = _("Comment from the editors:")
        body = f"{lead}\n\n{heading}\n{comment}\n\n{link}\n"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])


def _apply(article: ArticlePage, data: ArticleData, actor) -> None:
    article.summary = data.summary
    article.body = data.body
    article.sources = [("source", source) for source in data.sources]
    article.tags.set(data.tags)
    # Instances, not ids: the cluster manager of an unsaved page cannot resolve ids.
    article.related_bespreekpunten.set(
        list(BespreekpuntPage.objects.filter(pk__in=data.bespreekpunt_ids))
    )
    if data.attachments:
        collection = Collection.get_first_root_node()
        document_model = get_document_model()
        start = len(article.attachments.all())
        for offset, upload in enumerate(data.attachments):
            document = document_model(
                title=upload.name,
                file=upload,
                file_size=upload.size,
                collection=collection,
                uploaded_by_user=actor,
            )
            document.save()
            article.attachments.add(ArticleAttachment(document=document, sort_order=start + offset))


def _free_slug(index: Page, title: str) -> str:
    base = slugify(title)[:70] or "artikel"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
