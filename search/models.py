"""The search document table: one row per searchable passage, in one language.

Pages, topics and posts are turned into rows by search/documents.py whenever they change (see
search/signals.py); the rows are the single source every search backend reads or is fed from.
Only what a reader may see is stored: unpublished pages, hidden or deleted posts and private
fields (registrations, e-mail addresses, meeting links) never become rows, and `visibility`
says who may see the rest.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        MANIFEST = "manifest", _("Manifest section")
        BESPREEKPUNT = "bespreekpunt", _("Bespreekpunt")
        TOPIC = "topic", _("Topic")
        POST = "post", _("Post")
        EVENT = "event", _("Event")
        OUTCOME = "outcome", _("Session outcome")
        ARTICLE = "article", _("Article")
        DOCUMENT = "document", _("Document")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        LOGIN = "login", _("Logged-in users")
        MEMBERS = "members", _("Members")

    # "page:12#anchor", "post:5", "document:7@page:12": stable per passage.
    key = models.CharField(max_length=120, unique=True)
    # The object the row was built from ("page:12", "topic:3", "post:5"): rebuilding a source
    # replaces all of its rows.
    source = models.CharField(max_length=60, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    language = models.CharField(max_length=8)
    visibility = models.CharField(max_length=8, choices=Visibility.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # Multi-valued filters as "|a|b|" so one LIKE finds a value on every database.
    tags = models.CharField(max_length=500, blank=True)
    bespreekpunten = models.CharField(max_length=200, blank=True)
    events = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=300, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Stems of title and body (search/text.py); what FTS5 and tsvector index.
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    # Set when the row changed and Elasticsearch has not yet confirmed it (retried later).
    es_pending = models.BooleanField(default=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            # With the year: the type and year counts of a filter-only search (no words) are
            # read from this index alone.
            models.Index(
                fields=["language", "visibility", "kind", "year"], name="search_doc_facets"
            ),
            models.Index(fields=["language", "date"], name="search_doc_date"),
        ]

    def __str__(self) -> str:
        return self.key


class SearchRemoval(models.Model):
    """A removed row's key that Elasticsearch still has to forget (retried until it does)."""

    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class SearchLogEntry(models.Model):
    """How often a query was searched and how many results it had the last time.

    Wagtail's search promotions keep the daily hits of every query (editors promote results
    there); this adds the result count, so editors also see what members looked for in vain.
    """

    query_string = models.CharField(_("query"), max_length=255, unique=True)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    last_result_count = models.PositiveIntegerField(_("results last time"), default=0)
    last_searched_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search log entry")
        verbose_name_plural = _("search log")
        ordering = ["-searches"]

    def __str__(self) -> str:
        return self.query_string
