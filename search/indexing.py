"""Keeps the search document table in step with its sources, and Elasticsearch with the table.

`index_sources` is idempotent: it rebuilds the rows of each source from scratch, so running it
twice, late or after a failure is always safe. Elasticsearch is fed from the table afterwards;
rows it has not confirmed stay `es_pending` (removals stay in SearchRemoval) and are sent again
on the next push, so an unreachable cluster delays updates but loses none.
"""

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from search import elastic
from search.documents import Doc, documents_for_source, is_online, page_visibility
from search.models import SearchDocument, SearchRemoval
from search.text import stem_text

logger = logging.getLogger(__name__)


# A random token renewed after every committed change to the table: what is cached from the
# table (the facet counts of listings, search.backends.database) is keyed by it.
VERSION_KEY = "search:index:version"


def index_version() -> str:
    """The table's current version token; read it before reading the table."""
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        token = cache.get(VERSION_KEY)
    return token


def cached_by_index(name: str, build):
    """`build()`'s value, kept until the table next changes (the version is read first, so a
    value built while a change committed is kept under the old version, never served)."""
    key = f"search:{name}:{index_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, 60 * 60)
    return value


def _changed() -> None:
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def joined(values: Iterable[object]) -> str:
    texts = [str(value) for value in values]
    return f"|{'|'.join(texts)}|" if texts else ""


def row_values(doc: Doc, source: str) -> dict:
    return {
        "source": source,
        "kind": doc.kind,
        "language": doc.language,
        "visibility": doc.visibility,
        "title": doc.title[:300],
        "body": doc.body,
        "url": doc.url[:500],
        "tags": joined(doc.tags)[:500],
        "bespreekpunten": joined(doc.bespreekpunten)[:200],
        "events": joined(doc.events)[:200],
        "authors": joined(doc.authors)[:300],
        "date": doc.date,
        "year": doc.date.year if doc.date else None,
        "title_stems": stem_text(doc.title, doc.language),
        "body_stems": stem_text(doc.body, doc.language),
        "es_pending": True,
    }


def index_source(source: str) -> int:
    """Rebuilds the rows of one source; returns how many it has now."""
    docs = documents_for_source(source)
    with transaction.atomic():
        stale = SearchDocument.objects.filter(source=source).exclude(
            key__in=[doc.key for doc in docs]
        )
        removed = list(stale.values_list("key", flat=True))
        stale.delete()
        SearchRemoval.objects.bulk_create(
            [SearchRemoval(key=key) for key in removed], ignore_conflicts=True
        )
        for doc in docs:
            SearchDocument.objects.update_or_create(key=doc.key, defaults=row_values(doc, source))
        SearchRemoval.objects.filter(key__in=[doc.key for doc in docs]).delete()
        _changed()
    return len(docs)


def index_sources(sources: Iterable[str]) -> int:
    return sum(index_source(source) for source in dict.fromkeys(sources))


def push_to_elasticsearch(batch_size: int = 500) -> bool:
    """Sends every pending row and removal to Elasticsearch; False if it could not be reached."""
    try:
        while keys := list(SearchRemoval.objects.values_list("key", flat=True)[:batch_size]):
            elastic.delete_documents(keys)
            SearchRemoval.objects.filter(key__in=keys).delete()
        last_pk = 0
        pending = SearchDocument.objects.filter(es_pending=True).order_by("pk")
        while rows := list(pending.filter(pk__gt=last_pk)[:batch_size]):
            last_pk = rows[-1].pk
            elastic.index_documents(rows)
            # Only rows unchanged since they were read: a row edited meanwhile stays pending.
            unchanged = Q()
            for row in rows:
                unchanged |= Q(pk=row.pk, updated_at=row.updated_at)
            SearchDocument.objects.filter(unchanged).update(es_pending=False)
    except elastic.UNAVAILABLE:
        logger.warning("Elasticsearch unreachable; pending search updates kept for a retry")
        return False
    return True


def bulk_index_posts(post_ids: list[int]) -> int:
    """Indexes many posts at once (rebuilds and large imports): few queries per batch.

    Same rows as `index_source("post:<id>")` would make, built from one joined query.
    """
    from community.models import Post
    from search.documents import documents_for_post

    posts = list(
        Post.objects.filter(pk__in=post_ids)
        .select_related("author", "topic__bespreekpunt__locale")
        .prefetch_related("topic__tags")  # type: ignore[misc]
    )
    visibility_cache: dict[int, object] = {}
    rows = []
    for post in posts:
        # The visibility of a bespreekpunt is the same for all its posts: look it up once.
        bespreekpunt = post.topic.bespreekpunt
        if bespreekpunt.pk not in visibility_cache:
            visibility_cache[bespreekpunt.pk] = (
                page_visibility(bespreekpunt) if is_online(bespreekpunt) else None
            )
        rows += [
            SearchDocument(key=doc.key, **row_values(doc, f"post:{post.pk}"))
            for doc in documents_for_post(post, visibility=visibility_cache[bespreekpunt.pk])
        ]
    keys = [f"post:{pk}" for pk in post_ids]
    with transaction.atomic():
        SearchDocument.objects.filter(source__in=keys).delete()
        SearchDocument.objects.bulk_create(rows, batch_size=500)
        _changed()
    return len(rows)
