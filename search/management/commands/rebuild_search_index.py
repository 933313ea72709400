"""Rebuilds the search document table from every page, topic and post, showing progress.

Run it after a deploy that changes what is indexed, or to repair the index; it is safe to run
while the site is up (each source is replaced in its own transaction). With ELASTICSEARCH_URL
set it then sends every row to Elasticsearch (or keeps them pending when it is unreachable).
Wagtail's own `update_index` still indexes pages for the admin.
"""

import sys

from django.core.management.base import BaseCommand
from wagtail.models import Page

from search import elastic, indexing
from search.documents import PAGE_BUILDERS
from search.models import SearchDocument

BATCH = 2000


class Command(BaseCommand):
    help = "Rebuild the site search index from pages, topics and posts."

    def progress(self, done: int, total: int, label: str, rows: int, every: int = 200) -> None:
        if done % every == 0 or done == total:
            self.stdout.write(f"\r{done}/{total} {label}, {rows} rows", ending="")
            sys.stdout.flush()
            if done == total:
                self.stdout.write("")

    def handle(self, *args, **options) -> None:
        from community.models import Post, Topic

        sources = [
            f"page:{pk}"
            for pk in Page.objects.type(*_page_models()).order_by("pk").values_list("pk", flat=True)
        ]
        sources += [
            f"topic:{pk}" for pk in Topic.objects.order_by("pk").values_list("pk", flat=True)
        ]
        post_ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
        self.stdout.write(f"{len(sources)} pages and topics, {len(post_ids)} posts")
        # Rows whose source is gone: rebuilding them removes them.
        wanted = {*sources, *(f"post:{pk}" for pk in post_ids)}
        indexed = set(SearchDocument.objects.values_list("source", flat=True).distinct())
        sources += sorted(indexed - wanted)
        rows = 0
        for done, source in enumerate(sources, start=1):
            rows += indexing.index_source(source)
            self.progress(done, len(sources), "pages and topics", rows)
        for start in range(0, len(post_ids), BATCH):
            rows += indexing.bulk_index_posts(post_ids[start : start + BATCH])
            self.progress(min(start + BATCH, len(post_ids)), len(post_ids), "posts", rows, every=1)
        if elastic.enabled():
            sent = indexing.push_to_elasticsearch()
            self.stdout.write("Elasticsearch updated." if sent else "Elasticsearch unreachable.")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {rows} rows."))


def _page_models():
    from django.apps import apps

    return [apps.get_model(label) for label in PAGE_BUILDERS]
