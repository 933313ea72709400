"""Elasticsearch: the search document table mirrored into one index with Dutch and English
analysers, queried with elasticsearch.dsl for ranked, faceted and highlighted results.

Used only when ELASTICSEARCH_URL is set. The database table stays the source of truth (see
search/indexing.py), so the database backend can always answer when the cluster cannot.
Wagtail's own Elasticsearch backend (WAGTAILSEARCH_BACKENDS["default"]) keeps indexing the
pages for the Wagtail admin; this index serves the site's search page.
"""

from functools import cache
from typing import Any, cast

import elasticsearch
from django.conf import settings
from elasticsearch.dsl import A, Q, Search
from elasticsearch.dsl.query import Query

from search.criteria import Criteria, Hit, ResultPage
from search.synonyms import SYNONYM_GROUPS

# Everything that means "the cluster did not answer properly": search falls back, indexing
# keeps the update pending.
UNAVAILABLE: tuple[type[Exception], ...] = (
    elasticsearch.ConnectionError,
    elasticsearch.ConnectionTimeout,
    elasticsearch.TransportError,
    elasticsearch.ApiError,
)
LANGUAGES = {"nl": "dutch", "en": "english"}


def enabled() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def index_name() -> str:
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    return f"{backend.get('INDEX', 'flexibel-opleiden')}-documents"


@cache
def client() -> elasticsearch.Elasticsearch:
    return elasticsearch.Elasticsearch(
        settings.ELASTICSEARCH_URL, request_timeout=5, max_retries=1, retry_on_timeout=False
    )


def index_settings() -> dict:
    """Analysers that mirror search/text.py: accents folded, compounds joined, stop words
    dropped and Snowball stems; synonyms are expanded at query time only."""
    char_filters = {
        "join_ampersand": {
            "type": "pattern_replace",
            "pattern": r"(?<=\w)\s*&\s*(?=\w)",
            "replacement": "en",
        },
        "join_hyphen": {
            "type": "pattern_replace",
            "pattern": r"(?<=\p{L})-(?=\p{L})",
            "replacement": "",
        },
    }
    filters: dict = {}
    analyzers: dict = {}
    for code, language in LANGUAGES.items():
        filters[f"{code}_stop"] = {"type": "stop", "stopwords": f"_{language}_"}
        filters[f"{code}_stem"] = {"type": "stemmer", "language": language}
        filters[f"{code}_synonyms"] = {
            "type": "synonym_graph",
            "synonyms": [", ".join(group) for group in SYNONYM_GROUPS[code]],
        }
        chain = ["lowercase", "asciifolding", f"{code}_stop"]
        common = {"tokenizer": "standard", "char_filter": list(char_filters)}
        analyzers[f"{code}_index"] = {**common, "filter": [*chain, f"{code}_stem"]}
        analyzers[f"{code}_search"] = {
            **common,
            "filter": [
                "lowercase",
                "asciifolding",
                f"{code}_synonyms",
                f"{code}_stop",
                f"{code}_stem",
            ],
        }
    return {"analysis": {"char_filter": char_filters, "filter": filters, "analyzer": analyzers}}


def _text_field() -> dict:
    return {
        "type": "text",
        "fields": {
            code: {"type": "text", "analyzer": f"{code}_index", "search_analyzer": f"{code}_search"}
            for code in LANGUAGES
        },
    }


MAPPINGS = {
    "properties": {
        "key": {"type": "keyword"},
        "source": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "language": {"type": "keyword"},
        "visibility": {"type": "keyword"},
        "title": _text_field(),
        "body": _text_field(),
        "url": {"type": "keyword", "index": False},
        "tags": {"type": "keyword"},
        "bespreekpunten": {"type": "integer"},
        "events": {"type": "integer"},
        "authors": {"type": "keyword"},
        "date": {"type": "date"},
        "year": {"type": "integer"},
    }
}


def _split(value: str) -> list[str]:
    return [part for part in value.strip("|").split("|") if part]


def as_source(row) -> dict:
    """The Elasticsearch document of a SearchDocument row."""
    return {
        "key": row.key,
        "source": row.source,
        "kind": row.kind,
        "language": row.language,
        "visibility": row.visibility,
        "title": row.title,
        "body": row.body,
        "url": row.url,
        "tags": _split(row.tags),
        "bespreekpunten": [int(pk) for pk in _split(row.bespreekpunten)],
        "events": [int(pk) for pk in _split(row.events)],
        "authors": _split(row.authors),
        "date": row.date.isoformat() if row.date else None,
        "year": row.year,
    }


def ensure_index() -> None:
    es = client()
    if not es.indices.exists(index=index_name()):
        es.indices.create(index=index_name(), settings=index_settings(), mappings=MAPPINGS)


def index_documents(rows) -> None:
    ensure_index()
    operations: list[dict] = []
    for row in rows:
        operations += [{"index": {"_index": index_name(), "_id": row.key}}, as_source(row)]
    response = client().bulk(operations=operations, refresh=False)
    if response.get("errors"):
        raise elasticsearch.TransportError("some documents were not indexed")


def delete_documents(keys: list[str]) -> None:
    ensure_index()
    operations = [{"delete": {"_index": index_name(), "_id": key}} for key in keys]
    client().bulk(operations=operations, refresh=False)


def _text_query(criteria: Criteria) -> Query:
    fields = [f"title.{criteria.language}^4", f"body.{criteria.language}"]
    must = [Q("multi_match", query=term, fields=fields, operator="and") for term in criteria.terms]
    must += [
        Q("multi_match", query=phrase, fields=fields, type="phrase") for phrase in criteria.phrases
    ]
    must_not = [
        Q("multi_match", query=text, fields=fields, type="phrase") for text in criteria.excluded
    ]
    if criteria.match_any and must:
        return Q("bool", should=must, minimum_should_match=1, must_not=must_not)
    return Q("bool", must=must or [Q("match_all")], must_not=must_not)


def _filters(criteria: Criteria) -> list[Query]:
    filters = [
        Q("term", language=criteria.language),
        Q("terms", visibility=criteria.visibilities),
    ]
    filters += [Q("term", tags=tag) for tag in criteria.tags]
    if criteria.bespreekpunten:
        filters.append(Q("terms", bespreekpunten=criteria.bespreekpunten))
    if criteria.events:
        filters.append(Q("terms", events=criteria.events))
    if criteria.author:
        filters.append(Q("term", authors=criteria.author))
    dates = {
        op: value.isoformat()
        for op, value in (("gte", criteria.after), ("lt", criteria.before))
        if value
    }
    if dates:
        filters.append(Q("range", date=dates))
    return filters


def build_search(criteria: Criteria, *, offset: int, limit: int) -> Search:
    """The request for one page of results with kind and year facets.

    The kind and year filters go in post_filter, so each facet counts as if its own filter
    were not set (members can switch type or year and see how many they would get).
    """
    kind_filter = Q("terms", kind=criteria.kinds) if criteria.kinds else Q("match_all")
    year_filter = Q("term", year=criteria.year) if criteria.year else Q("match_all")
    search = (
        Search(index=index_name())
        .query(Q("bool", must=[_text_query(criteria)], filter=_filters(criteria)))
        .post_filter(Q("bool", filter=[kind_filter, year_filter]))
        .extra(track_total_hits=True)
        .source(["key", "kind", "title", "url", "body", "date", "source"])
    )
    search.aggs.bucket("kinds", A("filter", filter=year_filter)).bucket(
        "values", A("terms", field="kind", size=20)
    )
    search.aggs.bucket("years", A("filter", filter=kind_filter)).bucket(
        "values", A("terms", field="year", size=50)
    )
    if criteria.has_text:
        search = search.highlight(
            f"body.{criteria.language}",
            fragment_size=220,
            number_of_fragments=1,
            no_match_size=220,
        ).highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    else:
        search = search.sort({"date": {"order": "desc", "missing": "_last"}})
    return search[offset : offset + limit]


def search(criteria: Criteria, *, offset: int, limit: int) -> ResultPage:
    response = build_search(criteria, offset=offset, limit=limit).using(client()).execute()
    hits = []
    for hit in response:
        highlight = getattr(hit.meta, "highlight", None)
        fragments = list(highlight[f"body.{criteria.language}"]) if highlight else []
        hits.append(
            Hit(
                key=hit.key,
                kind=hit.kind,
                title=hit.title,
                url=hit.url,
                body=hit.body,
                date=hit.date,
                source=hit.source,
                highlight=" … ".join(fragments),
            )
        )
    return ResultPage(
        hits=hits,
        total=cast(Any, response.hits).total.value,
        kind_counts={b.key: b.doc_count for b in response.aggregations.kinds["values"].buckets},
        year_counts={
            int(b.key): b.doc_count for b in response.aggregations.years["values"].buckets
        },
    )


def build_autocomplete(criteria: Criteria, text: str, *, limit: int) -> Search:
    return (
        Search(index=index_name())
        .query(
            Q(
                "bool",
                must=[Q("match_bool_prefix", **{f"title.{criteria.language}": text})],
                filter=_filters(criteria),
                must_not=[Q("term", kind="post")],
            )
        )
        .source(["key", "kind", "title", "url", "date", "source"])[:limit]
    )


def autocomplete(criteria: Criteria, text: str, *, limit: int) -> list[Hit]:
    response = build_autocomplete(criteria, text, limit=limit).using(client()).execute()
    return [
        Hit(hit.key, hit.kind, hit.title, hit.url, "", hit.date, hit.source) for hit in response
    ]
