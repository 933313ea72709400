"""Turns pages, topics and posts into search document rows (as plain data, not yet saved).

A builder returns every row its source should have right now; an empty list means the source
must not be found at all (unpublished, private, hidden, deleted). Only reader-facing text goes
in: no e-mail addresses, registrations, meeting links, or names an outcome hides.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import get_text_for_indexing

from search.models import SearchDocument

logger = logging.getLogger(__name__)

Kind = SearchDocument.Kind
Visibility = SearchDocument.Visibility
MEMBER_GROUPS = ("Members", "Moderators", "Editors")
MAX_BODY = 200_000
# "Work out the visibility yourself" (bulk indexing passes it in, already known).
LOOK_UP = object()


@dataclass
class Doc:
    key: str
    kind: str
    language: str
    visibility: str
    title: str
    body: str
    url: str
    tags: list[str] = field(default_factory=list)
    bespreekpunten: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    date: datetime | None = None


def page_visibility(page: Page) -> str | None:
    """Who may read a page, or None when search must never show it (password or other groups)."""
    visibility = Visibility.PUBLIC
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            visibility = max(visibility, Visibility.LOGIN, key=_VISIBILITY_ORDER.index)
        elif restriction.restriction_type == PageViewRestriction.GROUPS and _member_groups(
            restriction
        ):
            visibility = Visibility.MEMBERS
        else:
            return None
    return visibility


def _member_groups(restriction) -> bool:
    """Only membership groups: then every member may read. Any other group keeps it private."""
    names = {group.name for group in restriction.groups.all()}
    return bool(names) and names <= set(MEMBER_GROUPS)


_VISIBILITY_ORDER = [Visibility.PUBLIC, Visibility.LOGIN, Visibility.MEMBERS]


def rich(value) -> str:
    return get_text_for_indexing(str(value or ""))


def stream_text(stream) -> str:
    return " ".join(str(part) for part in stream.stream_block.get_searchable_content(stream))


def pdf_text(document) -> str:
    """The text of a PDF document, or "" when it is not a PDF or cannot be read."""
    if not document.file.name.lower().endswith(".pdf"):
        return ""
    from pypdf import PdfReader

    try:
        with document.file.open("rb") as handle:
            reader = PdfReader(handle)
            return " ".join(page.extract_text() or "" for page in reader.pages)[:MAX_BODY]
    except Exception:  # noqa: BLE001 - a broken upload must not stop the page being indexed
        logger.warning("Could not read the text of document %s", document.pk, exc_info=True)
        return ""


def is_online(page: Page) -> bool:
    """Live, and reachable: Wagtail does not route to pages below an unpublished one."""
    return page.live and not page.get_ancestors().filter(depth__gt=1, live=False).exists()


def documents_for_page(page: Page) -> list[Doc]:
    page = page.specific
    if not is_online(page):
        return []
    visibility = page_visibility(page)
    builder = PAGE_BUILDERS.get(page._meta.label)
    if visibility is None or builder is None:
        return []
    base = {
        "language": page.locale.language_code,
        "visibility": visibility,
        "date": page.first_published_at,
    }
    return builder(page, base)


def _page_doc(page, base, kind, body, **extra) -> Doc:
    return Doc(
        key=f"page:{page.pk}",
        kind=kind,
        title=page.title,
        body=body[:MAX_BODY],
        url=page.url or "",
        **{**base, **extra},
    )


def _attached(page, base, documents, **extra) -> list[Doc]:
    return [
        Doc(
            key=f"document:{document.pk}@page:{page.pk}",
            kind=Kind.DOCUMENT,
            title=document.title,
            body=pdf_text(document),
            url=document.url,
            **{**base, **extra},
        )
        for document in documents
        if document is not None
    ]


def _manifest(page, base) -> list[Doc]:
    docs = [_page_doc(page, base, Kind.MANIFEST, f"{page.subtitle} {rich(page.intro)}")]
    for block in page.sections:
        section = block.value
        bespreekpunt = section.get("bespreekpunt")
        docs.append(
            Doc(
                key=f"page:{page.pk}#{section['anchor']}",
                kind=Kind.MANIFEST,
                title=f"{page.title}: {section['heading']}",
                body=rich(section["text"]),
                url=f"{page.url}#{section['anchor']}",
                bespreekpunten=[bespreekpunt.pk] if bespreekpunt else [],
                **base,
            )
        )
    return docs


def _bespreekpunt(page, base) -> list[Doc]:
    body = " ".join(rich(value) for value in (page.intro, page.questions, page.synthesis))
    return [_page_doc(page, base, Kind.BESPREEKPUNT, body, bespreekpunten=[page.pk])]


def _event(page, base) -> list[Doc]:
    slots = [slot.value for slot in page.programme]
    body = " ".join(
        [page.summary, rich(page.description), page.location, page.organiser]
        + [f"{slot['title']} {slot.get('description') or ''}" for slot in slots]
    )
    extra = {
        "events": [page.pk],
        "bespreekpunten": sorted(
            {slot["bespreekpunt"].pk for slot in slots if slot["bespreekpunt"]}
        ),
        "date": page.start,
    }
    documents = [block.value["document"] for block in page.documents]
    return [
        _page_doc(page, base, Kind.EVENT, body, **extra),
        *_attached(page, base, documents, **extra),
    ]


def _outcome(page, base) -> list[Doc]:
    event = page.get_parent().specific
    parts = [rich(page.intro)]
    for block in page.body:
        value = block.value
        parts.append(value["bespreekpunt"].title if value["bespreekpunt"] else "")
        for name in ("insights", "open_questions", "agreements", "advice"):
            parts.extend(str(item) for item in value[name])
        for quote in value["quotes"]:
            # With "no names" (Chatham House) the speakers must not be findable either.
            parts.append(quote["text"] if page.no_names else f"{quote['text']} {quote['speaker']}")
    if not page.no_names:
        parts.append(page.scribes)
    extra = {
        "events": [event.pk],
        "bespreekpunten": sorted(page.bespreekpunt_ids()),
        "date": getattr(event, "start", None) or page.first_published_at,
    }
    documents = [block.value["document"] for block in page.documents]
    return [
        _page_doc(page, base, Kind.OUTCOME, " ".join(parts), **extra),
        *_attached(page, base, documents, **extra),
    ]


def _article(page, base) -> list[Doc]:
    extra = {
        "tags": [tag.slug for tag in page.tags.all()],
        "authors": [user.get_username() for user in page.authors.all()],
        "bespreekpunten": list(page.related_bespreekpunten.values_list("pk", flat=True)),
        "events": list(page.related_events.values_list("pk", flat=True)),
    }
    body = f"{page.summary} {stream_text(page.body)}"
    documents = [attachment.document for attachment in page.attachments.all()]
    return [
        _page_doc(page, base, Kind.ARTICLE, body, **extra),
        *_attached(page, base, documents, **extra),
    ]


PAGE_BUILDERS = {
    "knowledge.ManifestPage": _manifest,
    "community.BespreekpuntPage": _bespreekpunt,
    "events.EventPage": _event,
    "events.OutcomePage": _outcome,
    "knowledge.ArticlePage": _article,
}


def _topic_base(topic, visibility: object = LOOK_UP) -> dict | None:
    """Shared fields of a topic's rows; `visibility` may be passed in when already known."""
    bespreekpunt = topic.bespreekpunt
    if visibility is LOOK_UP:
        visibility = page_visibility(bespreekpunt) if is_online(bespreekpunt) else None
    if visibility is None or not bespreekpunt.live:
        return None
    return {
        "language": bespreekpunt.locale.language_code,
        "visibility": visibility,
        "tags": [tag.slug for tag in topic.tags.all()],
        "bespreekpunten": [bespreekpunt.pk],
    }


def documents_for_topic(topic) -> list[Doc]:
    # A topic awaiting a moderator's approval is seen by its author and moderators only.
    base = None if topic.is_pending else _topic_base(topic)
    if base is None:
        return []
    return [
        Doc(
            key=f"topic:{topic.pk}",
            kind=Kind.TOPIC,
            title=topic.title,
            body=topic.bespreekpunt.title,
            url=topic.get_absolute_url(),
            authors=[topic.author.get_username()],
            date=topic.created_at,
            **base,
        )
    ]


def documents_for_post(post, visibility: object = LOOK_UP) -> list[Doc]:
    if not post.is_visible:
        return []
    base = _topic_base(post.topic, visibility)
    if base is None:
        return []
    return [
        Doc(
            key=f"post:{post.pk}",
            kind=Kind.POST,
            title=post.topic.title,
            body=strip_tags(post.html)[:MAX_BODY],
            url=post.get_absolute_url(),
            authors=[post.author.get_username()],
            date=post.created_at,
            **base,
        )
    ]


def documents_for_source(source: str) -> list[Doc]:
    """Every row `source` ("page:12", "topic:3", "post:5") should have now."""
    kind, _, pk = source.partition(":")
    if kind == "page":
        page = Page.objects.filter(pk=pk).first()
        return documents_for_page(page) if page else []
    model = {"topic": "community.Topic", "post": "community.Post"}.get(kind)
    if model is None:
        raise ValueError(f"unknown search source {source!r}")
    instance = apps.get_model(model).objects.filter(pk=pk).first()
    if instance is None:
        return []
    return documents_for_topic(instance) if kind == "topic" else documents_for_post(instance)
