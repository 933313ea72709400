"""Demo content of the knowledge app, loaded by `manage.py load_demo` (idempotent).

The manifest is published twice on the first run: the August 2022 version and a later revision
with a change note, so its history and diff show something real. Later runs find the page by
slug and publish nothing unless the texts in demo_content.py changed.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from community import actions as community_actions
from community import decisions
from home.demo import DemoContext, ensure_page, ensure_translation
from knowledge import amendments
from knowledge import demo_content as content
from knowledge.models import (
    Amendment,
    ArticlePage,
    KnowledgeIndexPage,
    ManifestPage,
    ManifestVersion,
)

ZONE = ZoneInfo(settings.TIME_ZONE)
VERSION_DATES = {1: date(2022, 8, 31), 2: date(2023, 1, 16)}


def load(context: DemoContext) -> None:
    """Builds this app's part of the demo site below `context.home`."""
    manifest = _manifest(context)
    context.pages["manifest"] = manifest
    _amendments(context, manifest)
    index = ensure_page(context.home, KnowledgeIndexPage, content.INDEX_SLUG, **content.INDEX["nl"])
    ensure_translation(index, "en", **content.INDEX["en"])
    context.pages["kennisbank"] = index
    for spec in content.ARTICLES:
        context.pages[f"artikel:{spec['slug']}"] = _article(context, index, spec)
    _distilled_article(context, index)


def _manifest(context: DemoContext) -> ManifestPage:
    is_new = not context.home.get_children().filter(slug=content.MANIFEST_SLUG).exists()
    existing = ManifestPage.objects.child_of(context.home).filter(slug=content.MANIFEST_SLUG)
    if existing.filter(amendments__status=Amendment.Status.ADOPTED).exists():
        # Members changed the manifest since: the demo's own texts no longer apply to it.
        return existing.get()
    if is_new:
        ensure_page(
            context.home,
            ManifestPage,
            content.MANIFEST_SLUG,
            **content.MANIFEST,
            sections=_sections(context, {}),
            sources=[("source", s) for s in content.MANIFEST_SOURCES],
            change_note=content.CHANGE_NOTE_2022,
        )
    manifest = ensure_page(
        context.home,
        ManifestPage,
        content.MANIFEST_SLUG,
        **content.MANIFEST,
        sections=_sections(context, content.SECTION_UPDATES_2023),
        sources=[("source", s) for s in content.MANIFEST_SOURCES],
        change_note=content.CHANGE_NOTE_2023,
    )
    if is_new:
        _backdate_versions(manifest, context)
    ensure_translation(
        manifest,
        "en",
        **content.MANIFEST_EN,
        sections=_sections_en(context),
        sources=[("source", s) for s in content.MANIFEST_SOURCES],
    )
    return manifest


def _sections(context: DemoContext, updates: dict[str, str]) -> list:
    return [
        (
            "section",
            {
                "heading": heading,
                "anchor": anchor,
                "text": RichText(updates.get(anchor, text)),
                "bespreekpunt": context.pages.get(f"bespreekpunt:{slug}") if slug else None,
            },
        )
        for heading, anchor, text, slug in content.SECTIONS_2022
    ]


def _sections_en(context: DemoContext) -> list:
    english = Locale.objects.get(language_code="en")
    sections = []
    for _heading, anchor, _text, slug in content.SECTIONS_2022:
        heading, text = content.SECTIONS_EN[anchor]
        bespreekpunt = context.pages.get(f"bespreekpunt:{slug}") if slug else None
        translated = bespreekpunt.get_translation_or_none(english) if bespreekpunt else None
        sections.append(
            (
                "section",
                {
                    "heading": heading,
                    "anchor": anchor,
                    "text": RichText(text),
                    "bespreekpunt": translated,
                },
            )
        )
    return sections


def _backdate_versions(manifest: ManifestPage, context: DemoContext) -> None:
    """The demo's versions carry the dates the network published them, by the demo editor."""
    for number, day in VERSION_DATES.items():
        ManifestVersion.objects.filter(page=manifest, number=number).update(
            published_at=datetime.combine(day, time(12), tzinfo=ZONE),
            editor=context.members.get("eva"),
        )


def _article(context: DemoContext, index: KnowledgeIndexPage, spec: dict) -> ArticlePage:
    owner = context.members[spec["owner"]]
    is_new = not index.get_children().filter(slug=spec["slug"]).exists()
    article = ensure_page(
        index,
        ArticlePage,
        spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        body=[("paragraph", RichText(f"<p>{text}</p>")) for text in spec["paragraphs"]],
        sources=[("source", s) for s in spec["sources"]],
        status=spec["status"],
        owner=owner,
    )
    bespreekpunten = [
        context.pages[f"bespreekpunt:{slug}"]
        for slug in spec["bespreekpunten"]
        if f"bespreekpunt:{slug}" in context.pages
    ]
    wanted = (set(spec["tags"]), {owner.pk}, {p.pk for p in bespreekpunten})
    current = (
        {tag.name for tag in article.tags.all()},
        {user.pk for user in article.authors.all()},
        {page.pk for page in article.related_bespreekpunten.all()},
    )
    if wanted != current:
        article.tags.set(spec["tags"])
        article.authors.set([owner])
        article.related_bespreekpunten.set(bespreekpunten)
        article.save_revision(user=owner).publish()
    if is_new:
        published = datetime.combine(date.fromisoformat(spec["published"]), time(10), tzinfo=ZONE)
        Page.objects.filter(pk=article.pk).update(first_published_at=published)
        article.first_published_at = published
    title, summary, paragraph = content.ARTICLES_EN[spec["slug"]]
    ensure_translation(
        article,
        "en",
        title=title,
        summary=summary,
        body=[("paragraph", RichText(f"<p>{paragraph}</p>"))],
    )
    return article


# A concluded discussion the demo distils into an article, which the editor approves.
DISTILLED_TOPIC = "beoordelen-met-leeruitkomsten-op-de-werkplek"


def _distilled_article(context: DemoContext, index: KnowledgeIndexPage) -> None:
    from community.models import Topic
    from community.moderation import check_close_topic
    from knowledge.actions import check_distil_topic, check_submit_article

    topic = Topic.objects.select_related("bespreekpunt").filter(slug=DISTILLED_TOPIC).first()
    moderator, editor = context.members.get("sanne"), context.members.get("eva")
    if topic is None or moderator is None or editor is None:
        return
    if ArticlePage.objects.filter(source_topic=topic).exists():
        return
    if not topic.is_closed:
        topic = check_close_topic(moderator, topic, closed=True)
    article = check_distil_topic(topic.author, index, topic)
    state = check_submit_article(topic.author, article)
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(
        task_state, editor, "approve", comment="Helder samengevat; dank voor het vastleggen."
    )


def _amendments(context: DemoContext, manifest: ManifestPage) -> None:
    """One proposal adopted with consent (version 3 of the manifest) and one still open, with an
    objection on the table. Made once: later runs find them and change nothing."""
    if manifest.amendments.exists() or not {"lotte", "fatima", "eva"} <= set(context.members):
        return
    members = context.members
    spec = content.ADOPTED_AMENDMENT
    if f"bespreekpunt:{spec['anchor']}" not in context.pages:
        return  # a partial demo (tests) without the section's bespreekpunt
    adopted = amendments.check_propose_amendment(
        members[spec["by"]],
        manifest,
        anchor=spec["anchor"],
        paragraph=0,
        text=spec["text"],
        reason=spec["reason"],
    )
    for username, body in spec["posts"]:
        community_actions.check_create_post(members[username], adopted.topic, body=body)
    for username, choice in spec["responses"]:
        decisions.check_respond(members[username], adopted.consent_round, choice)
    decisions.check_close_consent_round(
        members[spec["by"]], adopted.consent_round, note=spec["note"]
    )
    adopted.refresh_from_db()
    amendments.check_adopt_amendment(members["eva"], adopted)
    spec = content.OPEN_AMENDMENT
    if f"bespreekpunt:{spec['anchor']}" not in context.pages:
        return
    manifest = ManifestPage.objects.get(pk=manifest.pk)
    proposal = amendments.check_propose_amendment(
        members[spec["by"]],
        manifest,
        anchor=spec["anchor"],
        paragraph=0,
        text=spec["text"],
        reason=spec["reason"],
    )
    for username, choice, reason in spec["responses"]:
        decisions.check_respond(members[username], proposal.consent_round, choice, reason)
