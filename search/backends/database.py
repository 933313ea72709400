"""Full-text search on the database: SQLite FTS5 or PostgreSQL tsvector over the stems.

The match expression is built from stems only (tokens of [a-z0-9]), and passed as a query
parameter, so no user input reaches SQL or the FTS query syntax unquoted. Ranking: BM25 with
the title weighted 4:1 (SQLite) or ts_rank with title weight A and body weight B (PostgreSQL).
"""

import hashlib

from django.conf import settings
from django.db import connection

from search.criteria import Criteria, Hit, ResultPage

TABLE = "search_searchdocument"
# ts_rank weights for D, C, B (body) and A (title), and normalisation 1 (divide by the log of
# the length): close to BM25's title 4:1 and length damping, so both databases rank alike.
PG_WEIGHTS = "'{0.05, 0.1, 0.25, 1.0}'"
# ts_rank has no BM25-like term rarity: short discussion rows that repeat their topic's title
# would outrank the pages they discuss, so they count for less.
PG_KIND_FACTOR = "CASE d.kind WHEN 'post' THEN 0.5 WHEN 'topic' THEN 0.7 ELSE 1.0 END"
# SEARCH_MAX_CANDIDATES: a text search ranks, counts and facets at most this many matches.
DEFAULT_MAX_CANDIDATES = 1000
COLUMNS = "d.key, d.kind, d.title, d.url, d.body, d.date, d.source"


def _fts5_term(alternative: tuple[str, ...], prefix: bool = False) -> str:
    return f'"{" ".join(alternative)}"' + ("*" if prefix else "")


def fts5_expression(criteria: Criteria) -> str:
    expression = (" OR " if criteria.match_any else " AND ").join(
        "(" + " OR ".join(_fts5_term(alt) for alt in clause) + ")" for clause in criteria.clauses
    )
    if criteria.exclusions:
        expression = f"({expression})" + "".join(
            f" NOT {_fts5_term(excluded)}" for excluded in criteria.exclusions
        )
    return expression


def _ts_term(alternative: tuple[str, ...], prefix: str = "") -> str:
    return "(" + " <-> ".join(f"{stem}{prefix}" for stem in alternative) + ")"


def tsquery_expression(criteria: Criteria) -> str:
    parts = [" | ".join(_ts_term(alt) for alt in clause) for clause in criteria.clauses]
    expression = (" | " if criteria.match_any else " & ").join(f"({part})" for part in parts)
    if criteria.exclusions:
        expression = f"({expression})" + "".join(
            f" & !{_ts_term(excluded)}" for excluded in criteria.exclusions
        )
    return expression


def pair_expression(criteria: Criteria) -> str:
    """A tsquery over `pair_vector` that every row matching the criteria's phrases has.

    For each clause whose alternatives are all phrases: any of them, each as all its adjacent
    pairs ("a_b & b_c"). Empty when there is nothing to narrow (no phrase, or any-word mode).
    Stems are [a-z0-9], so quoting them as lexemes is safe.
    """
    if criteria.match_any:
        return ""
    parts = [
        " | ".join(
            "(" + " & ".join(f"'{a}_{b}'" for a, b in zip(alt, alt[1:], strict=False)) + ")"
            for alt in clause
        )
        for clause in criteria.clauses
        if all(len(alt) > 1 for alt in clause)
    ]
    return " & ".join(f"({part})" for part in parts)


def _like(column: str, values: list, where: list[str], params: list) -> None:
    """Any of `values` in a "|a|b|" column."""
    if values:
        where.append("(" + " OR ".join(f"d.{column} LIKE %s" for _ in values) + ")")
        params.extend(f"%|{value}|%" for value in values)


def filters(criteria: Criteria, *, skip: str = "") -> tuple[list[str], list]:
    """WHERE parts without the text match; `skip` leaves out facets' own filters ("kind year")."""
    where = [
        "d.language = %s",
        f"d.visibility IN ({', '.join(['%s'] * len(criteria.visibilities))})",
    ]
    params: list = [criteria.language, *criteria.visibilities]
    if criteria.kinds and "kind" not in skip.split():
        where.append(f"d.kind IN ({', '.join(['%s'] * len(criteria.kinds))})")
        params.extend(criteria.kinds)
    for tag in criteria.tags:
        _like("tags", [tag], where, params)
    _like("bespreekpunten", criteria.bespreekpunten, where, params)
    _like("events", criteria.events, where, params)
    if criteria.author:
        _like("authors", [criteria.author], where, params)
    if criteria.year and "year" not in skip.split():
        where.append("d.year = %s")
        params.append(criteria.year)
    if criteria.after:
        where.append("d.date >= %s")
        params.append(criteria.after)
    if criteria.before:
        where.append("d.date < %s")
        params.append(criteria.before)
    return where, params


def _from_match(criteria: Criteria) -> tuple[str, str, list, str]:
    """FROM clause, WHERE part and params of the text match, and the ORDER BY rank."""
    if not criteria.has_text:
        return f"{TABLE} d", "", [], "d.date DESC NULLS LAST, d.id DESC"
    if connection.vendor == "postgresql":
        match, params = "d.search_vector @@ q", [tsquery_expression(criteria)]
        if pairs := pair_expression(criteria):
            # The pair index finds the rows with the phrase; only they are checked for it.
            # "IS TRUE" keeps the planner from also scanning search_vector's index for the
            # phrase's words (thousands of rows each) to intersect with the few pair rows.
            match = "d.pair_vector @@ %s::tsquery AND (d.search_vector @@ q) IS TRUE"
            params = [*params, pairs]
        return (
            f"{TABLE} d, to_tsquery('simple', %s) q",
            match,
            params,
            f"ts_rank({PG_WEIGHTS}, d.search_vector, q, 1) * {PG_KIND_FACTOR} DESC, "
            "d.date DESC NULLS LAST, d.id DESC",
        )
    return (
        f"{TABLE} d JOIN search_fts ON search_fts.rowid = d.id",
        "search_fts MATCH %s",
        [fts5_expression(criteria)],
        "bm25(search_fts, 4.0, 1.0), d.date DESC, d.id DESC",
    )


def _where(criteria: Criteria, skip: str = "") -> tuple[str, str, list, str]:
    source, match, match_params, order = _from_match(criteria)
    where, params = filters(criteria, skip=skip)
    if match:
        where.insert(0, match)
    # The match parameter belongs to FROM on PostgreSQL and to WHERE on SQLite; both come
    # first in their statement, before the filter parameters.
    return source, " AND ".join(where), [*match_params, *params], order


def max_candidates() -> int:
    """How many matches a text search works on at most (SEARCH_MAX_CANDIDATES; 0: no bound)."""
    return int(getattr(settings, "SEARCH_MAX_CANDIDATES", DEFAULT_MAX_CANDIDATES) or 0) or 10**9


def search(criteria: Criteria, *, offset: int, limit: int, facets: bool = True) -> ResultPage:
    """One page of hits, the total, and the type and year facets.

    A text search works on a bounded candidate set: at most `max_candidates()` + 1 matches,
    taken cheaply in index (or table) order with every filter, visibility included, applied
    before the bound. When the words match at most the bound, the candidates are all the
    matches and everything is exact, as before; when they match more, the total is the bound
    (`capped`, "more than 1,000"), the hits are the best ranked of the candidates, and the
    facets count the candidates (`facets_capped`, lower bounds). So a common word costs a few
    thousand rows read instead of a third of the table (Discourse never counts everything
    either). Filters alone (no words) stay exact: they are counted from the facet index.

    The candidates are read once, without the type and year filters, and counted per (type,
    year): the total and both facets (each counting as if its own filter were off) come from
    those counts. With a type or year filter the kept candidates are bounded on their own, so
    a rare type is not crowded out by the others.
    """
    cap = max_candidates()
    with connection.cursor() as cursor:
        if not criteria.has_text:
            groups = _listing_groups(cursor, criteria)
            total, capped, facets_capped = _total(groups, criteria), False, False
            hits = _page(cursor, criteria, offset=offset, limit=limit) if total > offset else []
        elif connection.vendor == "postgresql":
            groups, ids, matched = _postgres_pass(
                cursor, criteria, offset=offset, limit=limit, cap=cap
            )
            facets_capped = sum(count for _kind, _year, count in groups) > cap
            capped = matched > cap
            total = min(matched, cap)
            hits = _hits_by_id(cursor, ids)
        else:
            groups = _groups(cursor, criteria, cap=cap)
            facets_capped = sum(count for _kind, _year, count in groups) > cap
            matched = _total(groups, criteria)
            if facets_capped and (criteria.kinds or criteria.year):
                matched = _count(cursor, criteria, cap=cap)
            capped = matched > cap
            total = min(matched, cap)
            bound = cap if facets_capped else None
            hits = (
                _page(cursor, criteria, offset=offset, limit=limit, cap=bound)
                if total > offset
                else []
            )
    result = ResultPage(hits=hits, total=total, capped=capped, facets_capped=facets_capped)
    if facets and (total or criteria.kinds or criteria.year):
        result.kind_counts, result.year_counts = _facets(groups, criteria)
        if facets_capped:
            result.kind_counts = {kind: min(n, cap) for kind, n in result.kind_counts.items()}
            result.year_counts = {year: min(n, cap) for year, n in result.year_counts.items()}
    return result


def _keeps(criteria: Criteria, kind: str, year: int | None) -> tuple[bool, bool]:
    """Whether a (type, year) group passes the type filter, and the year filter."""
    return (not criteria.kinds or kind in criteria.kinds), (
        not criteria.year or year == criteria.year
    )


def _total(groups: list[tuple], criteria: Criteria) -> int:
    return sum(count for kind, year, count in groups if all(_keeps(criteria, kind, year)))


def _facets(groups: list[tuple], criteria: Criteria) -> tuple[dict, dict]:
    """Type counts as if the type filter were off, year counts as if the year filter were."""
    kinds: dict[str, int] = {}
    years: dict[int, int] = {}
    for kind, year, count in groups:
        kind_kept, year_kept = _keeps(criteria, kind, year)
        if year_kept:
            kinds[kind] = kinds.get(kind, 0) + count
        if kind_kept and year:
            years[year] = years.get(year, 0) + count
    return (
        dict(sorted(kinds.items(), reverse=True)),
        dict(sorted(years.items(), reverse=True)),
    )


def _groups(cursor, criteria: Criteria, *, cap: int | None = None) -> list[tuple]:
    """(type, year, count) of the matches, or of at most `cap` + 1 of them."""
    source, where, params, _order = _where(criteria, skip="kind year")
    if cap is None:
        cursor.execute(
            f"SELECT d.kind, d.year, COUNT(*) FROM {source} WHERE {where} "  # noqa: S608
            "GROUP BY d.kind, d.year",
            params,
        )
    else:
        cursor.execute(
            f"SELECT kind, year, COUNT(*) FROM (SELECT d.kind, d.year FROM {source} "  # noqa: S608
            f"WHERE {where} LIMIT %s) c GROUP BY kind, year",
            [*params, cap + 1],
        )
    return cursor.fetchall()


def _listing_groups(cursor, criteria: Criteria) -> list[tuple]:
    """The groups of a listing (filters, no words), kept until the table next changes:
    counting a listing reads every row it lists (tens of milliseconds for all posts)."""
    from search.indexing import cached_by_index

    _source, where, params, _order = _where(criteria, skip="kind year")
    digest = hashlib.sha256(repr((connection.vendor, where, params)).encode()).hexdigest()
    return cached_by_index(f"groups:{digest}", lambda: _groups(cursor, criteria))


def _count(cursor, criteria: Criteria, *, cap: int) -> int:
    """How many rows match with every filter, counting no further than `cap` + 1."""
    source, where, params, _order = _where(criteria)
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT %s) c",  # noqa: S608
        [*params, cap + 1],
    )
    return cursor.fetchone()[0]


def _page(
    cursor, criteria: Criteria, *, offset: int, limit: int, cap: int | None = None
) -> list[Hit]:
    """The page in rank order; with `cap`, ranked among the first `cap` + 1 matches only."""
    source, where, params, order = _where(criteria)
    if cap is not None:
        # The same match and filters again, bounded: the candidates (SQLite: bm25 needs the
        # MATCH in the ranking query itself, so the candidates are a condition on its ids).
        where = f"{where} AND d.id IN (SELECT d.id FROM {source} WHERE {where} LIMIT %s)"  # noqa: S608
        params = [*params, *params, cap + 1]
    cursor.execute(
        f"SELECT {COLUMNS} FROM {source} WHERE {where} "  # noqa: S608
        f"ORDER BY {order} LIMIT %s OFFSET %s",
        [*params, limit, offset],
    )
    return [Hit(*row) for row in cursor.fetchall()]


def _postgres_pass(cursor, criteria: Criteria, *, offset: int, limit: int, cap: int):
    """(kind, year, count) groups, the ids of the page in rank order, and how many matched
    (at most `cap` + 1), from one statement over at most `cap` + 1 candidates per scan.

    The candidates are the first matches the plan finds (a bitmap scan of the GIN index, or
    the table in its order for a very common word), with the filters applied before the
    LIMIT; only they are ranked (ts_rank reads the whole tsvector). Ordering the candidates by
    date instead was measured: 10-35 ms for common words, but the planner then sorts every
    match of a broad exclusion (~110 ms), against 7-11 ms in scan order.
    """
    rank = f"ts_rank({PG_WEIGHTS}, d.search_vector, q, 1) * {PG_KIND_FACTOR}"
    page = """page AS (
            SELECT id, rank, date FROM m
            ORDER BY rank DESC, date DESC NULLS LAST, id DESC LIMIT %s OFFSET %s
        )"""
    select = """SELECT
            (SELECT json_agg(json_build_array(kind, year, n)) FROM (
                SELECT kind, year, COUNT(*) AS n FROM {groups} GROUP BY kind, year) g),
            (SELECT array_agg(id ORDER BY rank DESC, date DESC NULLS LAST, id DESC) FROM page),
            (SELECT COUNT(*) FROM m)"""
    source, where, params, _order = _where(criteria, skip="kind year")
    if not (criteria.kinds or criteria.year):
        sql = f"""WITH m AS MATERIALIZED (
            SELECT d.id, d.kind, d.year, d.date, {rank} AS rank
            FROM {source} WHERE {where} LIMIT %s
        ), {page}
        {select.format(groups="m")}"""  # noqa: S608 - only placeholders and fixed SQL
        values = [*params, cap + 1, limit, offset]
    else:
        _source, kept_where, kept_params, _order = _where(criteria)
        sql = f"""WITH f AS MATERIALIZED (
            SELECT d.kind, d.year FROM {source} WHERE {where} LIMIT %s
        ), m AS MATERIALIZED (
            SELECT d.id, d.date, {rank} AS rank FROM {source} WHERE {kept_where} LIMIT %s
        ), {page}
        {select.format(groups="f")}"""  # noqa: S608 - only placeholders and fixed SQL
        values = [*params, cap + 1, *kept_params, cap + 1, limit, offset]
    cursor.execute(sql, values)
    groups, ids, matched = cursor.fetchone()
    return [tuple(group) for group in groups or []], ids or [], matched


def _hits_by_id(cursor, ids: list[int]) -> list[Hit]:
    if not ids:
        return []
    cursor.execute(
        f"SELECT {COLUMNS}, d.id FROM {TABLE} d WHERE d.id = ANY(%s)",  # noqa: S608
        [ids],
    )
    rows = {row[-1]: Hit(*row[:-1]) for row in cursor.fetchall()}
    return [rows[pk] for pk in ids if pk in rows]


def autocomplete(criteria: Criteria, prefixes: list[list[str]], *, limit: int) -> list[Hit]:
    """Titles whose words start with what was typed (each word: its alternative prefixes)."""
    if connection.vendor == "postgresql":
        parts = [" | ".join(f"{prefix}:*A" for prefix in alts) for alts in prefixes]
        source = f"{TABLE} d, to_tsquery('simple', %s) q"
        match = "d.search_vector @@ q"
        order = f"ts_rank({PG_WEIGHTS}, d.search_vector, q, 1) DESC, d.id DESC"
        expression = " & ".join(f"({part})" for part in parts)
    else:
        parts = [" OR ".join(f'"{p}"*' for p in alts) for alts in prefixes]
        source = f"{TABLE} d JOIN search_fts ON search_fts.rowid = d.id"
        match, order = "search_fts MATCH %s", "bm25(search_fts, 4.0, 1.0), d.id DESC"
        expression = "title_stems : (" + " AND ".join(f"({part})" for part in parts) + ")"
    where, params = filters(criteria)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {COLUMNS} FROM {source} WHERE {match} AND {' AND '.join(where)} "  # noqa: S608
            f"AND d.kind <> 'post' ORDER BY {order} LIMIT %s",
            [expression, *params, limit],
        )
        return [Hit(*row) for row in cursor.fetchall()]
