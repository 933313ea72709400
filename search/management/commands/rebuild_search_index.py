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


class Command(BaseCommand):
    help = "Rebuild the site search index from pages, topics and posts."

    def handle(self, *args, **options) -> None:
        from community.models import Post, Topic

        models = [
            ("pages", Page.objects.type(*_page_models()).values_list("pk", flat=True), "page"),
            ("topics", Topic.objects.values_list("pk", flat=True), "topic"),
            ("posts", Post.objects.values_list("pk", flat=True), "post"),
        ]
        sources = []
        for label, ids, prefix in models:
            keys = [f"{prefix}:{pk}" for pk in ids.order_by("pk").iterator()]
            self.stdout.write(f"{len(keys)} {label}")
            sources += keys
        # Rows whose source is gone: rebuilding them removes them.
        indexed = set(SearchDocument.objects.values_list("source", flat=True).distinct())
        sources += sorted(indexed - set(sources))
        rows = 0
        for done, source in enumerate(sources, start=1):
            rows += indexing.index_source(source)
            if done % 500 == 0 or done == len(sources):
                self.stdout.write(f"\r{done}/{len(sources)} sources, {rows} rows", ending="")
                sys.stdout.flush()
        self.stdout.write("")
        if elastic.enabled():
            sent = indexing.push_to_elasticsearch()
            self.stdout.write("Elasticsearch updated." if sent else "Elasticsearch unreachable.")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {rows} rows."))


def _page_models():
    from django.apps import apps

    return [apps.get_model(label) for label in PAGE_BUILDERS]
