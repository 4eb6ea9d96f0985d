"""Cổng's Wagtail search backend: Vietnamese-aware full-text search on SQLite (FTS5) and PostgreSQL.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cong.search.backend"}}``. Every
search in the portal goes through it — the public page, the admin and the API v2 — so they all get
the same results in the same order. Design and ranking rules: docs/search.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    SearchFieldError,
)
from modelsearch.index import RelatedFields, SearchField
from modelsearch.query import MatchAll
from modelsearch.utils import get_descendants_content_types_pks

from cong.search import query as q
from cong.search.models import SearchEntry
from cong.search.normalize import doc_number_parts, fold_token, tokens

ENTRY = SearchEntry._meta.db_table
FTS = f"{ENTRY}_fts"
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_LEXEME = 256
SORT_DATE_FIELDS = ("published_at", "first_published_at", "created_at")


def field_tier(field: SearchField) -> str:
    """A for titles (or boost >= 2), B for boosted fields such as the lede, C for everything else."""
    boost = getattr(field, "boost", None) or 1
    if field.field_name == "title" or boost >= 2:
        return "A"
    return "B" if boost > 1 else "C"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_text(item) for item in value.values())
    return force_str(value)


def field_texts(obj: models.Model, fields: Iterable[Any], related: bool = False) -> Iterator[tuple[str, str]]:
    for field in fields:
        if isinstance(field, SearchField):
            yield ("C" if related else field_tier(field)), _text(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            value = field.get_value(obj)
            if value is None:
                continue
            if isinstance(value, models.Manager):
                children: Iterable[Any] = value.all()
            else:
                children = [value() if callable(value) else value]
            for child in children:
                yield from field_texts(child, field.fields, related=True)


def document_tokens(obj: models.Model) -> dict[str, list[str]]:
    """Exact tokens per tier. Parts of document numbers ("01", "ct", "tw") follow at the tier's end,
    so a plain "2022" still finds "42/2022/NĐ-CP" while the whole number stays one token."""
    streams: dict[str, list[str]] = {tier: [] for tier in q.TIERS}
    parts: dict[str, list[str]] = {tier: [] for tier in q.TIERS}
    for tier, text in field_texts(obj, obj.get_search_fields()):
        toks = tokens(text)
        streams[tier].extend(toks)
        parts[tier].extend(
            part for tok in toks if "-" in tok or "/" in tok or "." in tok for part in doc_number_parts(tok)
        )
    return {tier: streams[tier] + parts[tier] for tier in q.TIERS}


def sort_date(obj: models.Model) -> datetime | None:
    for name in SORT_DATE_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, datetime):
            return value
    return None


def tsvector_literal(per_tier: dict[str, list[str]], folded: bool, tiers: str = "ABC") -> str:
    """A tsvector literal with our own tokens, positions and weights (no PostgreSQL parser involved).
    Tiers are separated by a position gap so a phrase cannot run from the title into the lede."""
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for tier in tiers:
        for token in per_tier[tier]:
            position = min(position + 1, PG_MAX_POSITION)
            lexeme = fold_token(token) if folded else token
            slots = positions[lexeme]
            if len(slots) < PG_MAX_POSITIONS_PER_LEXEME:
                slots.append(f"{position}{tier}")
        position += 1
    return " ".join(
        "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(slots)
        for lexeme, slots in positions.items()
    )


class CongIndex(BaseIndex):
    """The single index: SearchEntry rows plus the FTS5 table (SQLite) or tsvector columns (PostgreSQL)."""

    def add_items(self, model: type[models.Model], items: Sequence[models.Model]) -> None:
        if not items:
            return
        rows = []
        for obj in items:
            content_type = ContentType.objects.get_for_model(type(obj))
            rows.append((content_type.pk, int(obj.pk), sort_date(obj), document_tokens(obj)))
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                self._write_postgres(cursor, rows)
            else:
                self._write_sqlite(cursor, rows)

    @staticmethod
    def _write_sqlite(
        cursor: Any, rows: list[tuple[int, int, datetime | None, dict[str, list[str]]]]
    ) -> None:
        upsert = (
            f"INSERT INTO {ENTRY} (content_type_id, object_id, sort_date) VALUES (%s, %s, %s) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET sort_date = excluded.sort_date RETURNING id"
        )
        fts_rows = []
        for content_type_id, object_id, date, per_tier in rows:
            cursor.execute(upsert, [content_type_id, object_id, date])
            entry_id = cursor.fetchone()[0]
            exact = [" ".join(per_tier[tier]) for tier in q.TIERS]
            folded = [" ".join(map(fold_token, per_tier[tier])) for tier in q.TIERS]
            fts_rows.append((entry_id, *exact, *folded))
        cursor.executemany(f"DELETE FROM {FTS} WHERE rowid = %s", [(row[0],) for row in fts_rows])
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, a, b, c, fa, fb, fc) VALUES (%s, %s, %s, %s, %s, %s, %s)", fts_rows
        )

    @staticmethod
    def _write_postgres(
        cursor: Any, rows: list[tuple[int, int, datetime | None, dict[str, list[str]]]]
    ) -> None:
        cursor.executemany(
            f"INSERT INTO {ENTRY} (content_type_id, object_id, sort_date, exact, folded, head_exact, head_folded) "
            "VALUES (%s, %s, %s, %s::tsvector, %s::tsvector, %s::tsvector, %s::tsvector) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET sort_date = excluded.sort_date, "
            "exact = excluded.exact, folded = excluded.folded, "
            "head_exact = excluded.head_exact, head_folded = excluded.head_folded",
            [
                (
                    ct,
                    pk,
                    date,
                    tsvector_literal(per_tier, False),
                    tsvector_literal(per_tier, True),
                    tsvector_literal(per_tier, False, "AB"),
                    tsvector_literal(per_tier, True, "AB"),
                )
                for ct, pk, date, per_tier in rows
            ],
        )

    def delete_item(self, item: models.Model) -> None:
        content_type = ContentType.objects.get_for_model(type(item))
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"DELETE FROM {FTS} WHERE rowid IN "
                    f"(SELECT id FROM {ENTRY} WHERE content_type_id = %s AND object_id = %s)",
                    [content_type.pk, item.pk],
                )
            cursor.execute(
                f"DELETE FROM {ENTRY} WHERE content_type_id = %s AND object_id = %s",
                [content_type.pk, item.pk],
            )

    def reset(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {FTS}")
            cursor.execute(f"DELETE FROM {ENTRY}")

    def refresh(self) -> None:
        """Compact the index after a rebuild."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
            cursor.execute(f"ANALYZE {ENTRY}")  # fresh statistics: the planner must see a big table


class CongRebuilder:
    def __init__(self, index: CongIndex) -> None:
        self.index = index

    def start(self) -> CongIndex:
        self.index.reset()
        return self.index

    def finish(self) -> None:
        self.index.refresh()


class CongQueryCompiler(BaseSearchQueryCompiler):
    """Turns a query (string or modelsearch query object) into ranked SQL over our index."""

    DEFAULT_OPERATOR = "and"

    def __init__(
        self,
        queryset: models.QuerySet,
        query: Any,
        fields: list[str] | None = None,
        operator: str | None = None,
        order_by_relevance: bool = True,
    ) -> None:
        self.queryset = queryset
        self.fields = fields
        self.order_by_relevance = order_by_relevance
        self.match_all = query is None or isinstance(query, MatchAll)
        self.query = query
        self.node = None if self.match_all else q.from_modelsearch(query, operator)

    def check(self) -> None:
        """Only `fields` are checked: the queryset is applied as SQL, so any filter works."""
        if not self.fields:
            return
        allowed = {field.field_name for field in self.queryset.model.get_searchable_search_fields()}
        for name in self.fields:
            if name not in allowed:
                raise SearchFieldError(f'Cannot search with field "{name}".', field_name=name)

    @property
    def tiers(self) -> str:
        if not self.fields:
            return "ABC"
        by_name = {f.field_name: field_tier(f) for f in self.queryset.model.get_searchable_search_fields()}
        return "".join(t for t in q.TIERS if t in {by_name[name] for name in self.fields})

    def _rank_levels(self) -> list[tuple[int, bool, str]]:
        """(score, exact?, tiers) from best to worst; every result matches folded over all tiers (score 1).
        Exact levels only exist when the query has diacritics: "ban hanh" expresses no preference."""
        allowed = self.tiers
        levels = [(3, False, "A"), (2, False, "AB")]
        if q.has_marks(self.node):
            levels = [(6, True, "A"), (5, True, "AB"), (4, True, "ABC"), *levels]
        result = []
        for score, exact, tiers in levels:
            tiers = "".join(t for t in tiers if t in allowed)
            # A folded level over every allowed tier is the base match itself: it adds nothing.
            if tiers and (exact or tiers != allowed):
                result.append((score, exact, tiers))
        return result

    def _where(self, match: str | None = None) -> tuple[str, str, list[Any]]:
        """FROM clause and WHERE clause (with params) selecting the matching entries.

        On SQLite the searched queryset is a correlated EXISTS (cost follows the number of matches; an
        IN list would read every live page on each search); PostgreSQL plans IN as a semi-join itself.
        `match` replaces the base FTS5 expression (used by the ranked levels).
        """
        assert self.node is not None
        content_types = get_descendants_content_types_pks(self.queryset.model)
        ct_sql = ", ".join(["%s"] * len(content_types))
        base = self.queryset.order_by()
        if connection.vendor == "postgresql":
            qs_sql, qs_params = base.values("pk").query.get_compiler(self.queryset.db).as_sql()
            source = f"{ENTRY} e"
            where = (
                f"e.folded @@ %s::tsquery AND e.content_type_id IN ({ct_sql}) AND e.object_id IN ({qs_sql})"
            )
            params = [q.tsquery(self.node, True, self.tiers), *content_types, *qs_params]
        else:
            correlated = base.filter(pk=RawSQL("e.object_id", ())).values("pk")
            qs_sql, qs_params = correlated.query.get_compiler(self.queryset.db).as_sql()
            # The FTS5 query runs once and drives the entry lookups by rowid (a join would let SQLite
            # run one MATCH per entry, or build a Bloom filter over every entry).
            source = f"{ENTRY} e"
            where = (
                f"e.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) "
                f"AND +e.content_type_id IN ({ct_sql}) AND EXISTS ({qs_sql})"  # "+": no index, rowids drive
            )
            params = [match or q.fts5_match(self.node, True, self.tiers), *content_types, *qs_params]
        return source, where, params

    def _score_sql(self) -> tuple[str, list[Any], str, list[Any]]:
        """PostgreSQL: the score CASE expression and the joins it needs, each with its params.

        Levels within title + lede test the small ``head_*`` vectors row by row; a level over the body
        is a join to a sub-select that uses the GIN index, so the big ``exact`` vector is never read
        row by row.
        """
        assert self.node is not None
        cases, case_params, joins, join_params = [], [], [], []
        for score, exact, tiers in self._rank_levels():
            folded = not exact
            if "C" in tiers:
                alias = f"l{score}"
                column = "folded" if folded else "exact"
                joins.append(
                    f"LEFT JOIN (SELECT id FROM {ENTRY} WHERE {column} @@ %s::tsquery) {alias} ON {alias}.id = e.id"
                )
                join_params.append(q.tsquery(self.node, folded, tiers))
                cases.append(f"WHEN {alias}.id IS NOT NULL THEN {score}")
            else:
                column = "e.head_folded" if folded else "e.head_exact"
                cases.append(f"WHEN {column} @@ %s::tsquery THEN {score}")
                case_params.append(q.tsquery(self.node, folded, tiers))
        case = "CASE " + " ".join(cases) + " ELSE 1 END" if cases else "1"
        return case, case_params, " ".join(joins), join_params

    def ranked(self, start: int, stop: int | None) -> list[tuple[int, int]]:
        """(object id, score) of the results in [start, stop), best first."""
        if connection.vendor != "postgresql":
            return self._ranked_by_level(start, stop)
        source, where, where_params = self._where()
        score_sql, score_params, joins, join_params = self._score_sql()
        limit_sql, limit_params = (
            ("LIMIT %s OFFSET %s", [stop - start, start]) if stop is not None else ("OFFSET %s", [start])
        )
        sql = (
            f"SELECT e.object_id, {score_sql} AS score FROM {source} {joins} WHERE {where} "
            f"ORDER BY score DESC, e.sort_date IS NULL, e.sort_date DESC, e.object_id DESC {limit_sql}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *join_params, *where_params, *limit_params])
            return [(int(row[0]), int(row[1])) for row in cursor.fetchall()]

    def _ranked_by_level(self, start: int, stop: int | None) -> list[tuple[int, int]]:
        """SQLite: one FTS5 query per score level, best level first, each excluding the levels above
        (`level NOT (higher OR …)`), until `stop` results are collected — the first page of a very
        common word is then read from the small title level instead of sorting every match."""
        assert self.node is not None
        levels = [
            (score, q.fts5_match(self.node, not exact, tiers)) for score, exact, tiers in self._rank_levels()
        ]
        levels.append((1, q.fts5_match(self.node, True, self.tiers)))
        found: list[tuple[int, int]] = []
        higher: list[str] = []
        with connection.cursor() as cursor:
            for score, expression in levels:
                if stop is not None and len(found) >= stop:
                    break
                match = f"({expression}) NOT ({' OR '.join(higher)})" if higher else expression
                source, where, params = self._where(match)
                limit = -1 if stop is None else stop - len(found)
                cursor.execute(
                    f"SELECT e.object_id FROM {source} WHERE {where} "
                    "ORDER BY e.sort_date IS NULL, e.sort_date DESC, e.object_id DESC LIMIT %s",
                    [*params, limit],
                )
                found += [(int(row[0]), score) for row in cursor.fetchall()]
                higher.append(f"({expression})")
        return found[start:stop]

    def matching_ids_sql(self) -> tuple[str, list[Any]]:
        source, where, params = self._where()
        return f"SELECT e.object_id FROM {source} WHERE {where}", params

    def count(self) -> int:
        source, where, params = self._where()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
            return int(cursor.fetchone()[0])


class CongSearchResults(BaseSearchResults):
    def _do_search(self) -> list[Any]:
        compiler: CongQueryCompiler = self.query_compiler
        if compiler.node is None:
            return list(compiler.queryset[self.start : self.stop]) if compiler.match_all else []
        if not compiler.order_by_relevance:
            sql, params = compiler.matching_ids_sql()
            return list(compiler.queryset.filter(pk__in=RawSQL(sql, params))[self.start : self.stop])
        ranked = compiler.ranked(self.start, self.stop)
        objects = {obj.pk: obj for obj in compiler.queryset.filter(pk__in=[pk for pk, _ in ranked])}
        results = []
        for pk, score in ranked:
            obj = objects.get(pk)
            if obj is None:
                continue
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results

    def _do_count(self) -> int:
        compiler: CongQueryCompiler = self.query_compiler
        if compiler.node is None:
            return compiler.queryset.count() if compiler.match_all else 0
        return (
            max(compiler.count() - self.start, 0)
            if self.stop is None
            else min(max(compiler.count() - self.start, 0), self.stop - self.start)
        )


class CongSearchBackend(BaseSearchBackend):
    query_compiler_class = CongQueryCompiler
    # The admin's page search calls autocomplete(): it matches whole words exactly like search(),
    # so the admin, the public page and the API agree (docs/search.md).
    autocomplete_query_compiler_class = CongQueryCompiler
    results_class = CongSearchResults
    index_class = CongIndex
    rebuilder_class = CongRebuilder


SearchBackend = CongSearchBackend
