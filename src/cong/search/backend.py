"""Cổng's Wagtail search backend: Vietnamese-aware full-text search on SQLite (FTS5) and PostgreSQL.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cong.search.backend"}}``. Every
search in the portal goes through it — the public page, the admin and the API v2 — so they all get
the same results in the same order. Design and ranking rules: docs/search.md. Writing the index:
``cong.search.index``; applying the searched queryset's filters: ``cong.search.filters``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND
from modelsearch.backends.base import (
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    SearchFieldError,
)
from modelsearch.query import MatchAll
from modelsearch.utils import get_descendants_content_types_pks

from cong.search import query as q
from cong.search import readings
from cong.search.filters import entry_filter
from cong.search.index import (
    ENTRY,
    FTS_EXACT,
    FTS_FOLDED,
    PG_INDEXES,
    CongIndex,
    CongRebuilder,
    field_tier,
    pg_tier_text,
    pg_vector,
)

# PostgreSQL: the tier sets that have their own GIN indexes; other sets use the all-tiers indexes and
# are checked in the text.
PG_TIERS = frozenset(PG_INDEXES.values())
Level = tuple[int, bool, str]  # score, exact?, tiers
# A PostgreSQL level whose match needs a check in the text (a phrase the pairs do not decide, tiers
# without their own index) is read either from its GIN candidates, checking each (about as many
# checks as matches), or newest first through the rank index, checking entries until the LIMIT is
# filled (about stop x entries / matches checks). The second wins once matches >= sqrt(stop x entries).
# Matches come from the page's own bounded count (settings.SEARCH_COUNT_LIMIT): no second count.
# Above this stop (deep pages) the rank index is not used.
RANK_ORDER_MAX_STOP = 200
# The entries' number, from the planner's statistics, per process.
ENTRIES_ESTIMATE_SECONDS = 60.0
_entries_estimate: dict[str, tuple[float, float]] = {}


def _entries() -> float:
    """About how many entries the index holds (``reltuples``; unknown before the first ANALYZE, or
    when the table was analyzed empty: then the page's count bound decides alone)."""
    now = time.monotonic()
    cached = _entries_estimate.get(connection.alias)
    if cached and now - cached[0] < ENTRIES_ESTIMATE_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [ENTRY])
        row = cursor.fetchone()
    entries = float(row[0]) if row and row[0] > 0 else float("inf")
    _entries_estimate[connection.alias] = (now, entries)
    return entries


@contextmanager
def _postgres_plan(cursor: Any, rank_order: bool = False) -> Iterator[None]:
    """PostgreSQL's planner does not see what a full-text match costs: left alone it may compute the
    index expression of every row (a sequential scan, or a filter after another index). Matches are
    read from the GIN indexes as bitmaps instead, or newest first through the rank index when asked.
    The settings last for these statements only."""
    if connection.vendor != "postgresql":
        yield
        return
    planner = {
        "jit": "off",  # cong_lexemes' COST makes plans look expensive enough for JIT (0.9 s to compile)
        "enable_seqscan": "off",
        "enable_indexscan": "on" if rank_order else "off",
        "enable_bitmapscan": "off" if rank_order else "on",
    }
    with transaction.atomic():
        cursor.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in planner.items()))
        try:
            yield
        finally:
            cursor.execute("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in planner))


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
        if order_by_relevance:  # an unaccented query ranks by its likeliest accented reading
            self.node = readings.reading_of(self.node) or self.node
        self._filter: tuple[str, list[Any]] | None = None
        self._counts: dict[int | None, int] = {}  # limit (None: exact) -> count
        self._levels: list[Level] | None = None

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

    def levels(self) -> list[Level]:
        """Score levels from best to worst; the last one (score 1, folded, every allowed tier) is the
        match itself. Exact levels only exist when the query has diacritics: "ban hanh" expresses no
        preference between bán hàng and ban hành. A title or title + lede level is left out when
        the readings show it is empty (``readings.in_heads``): no need to read a whole doclist to
        find nothing."""
        if self._levels is not None:
            return self._levels
        allowed = self.tiers
        levels = [(3, False, "A"), (2, False, "AB")]
        if q.has_marks(self.node):
            levels = [(6, True, "A"), (5, True, "AB"), (4, True, "ABC"), *levels]
        result = []
        in_heads: dict[bool, bool] = {}
        for score, exact, tiers in levels:
            tiers = "".join(t for t in tiers if t in allowed)
            if not tiers or (not exact and tiers == allowed):
                continue
            if "C" not in tiers and self._may_skip_heads():
                if exact not in in_heads:
                    in_heads[exact] = readings.in_heads(self.node, exact)
                if not in_heads[exact]:
                    continue
            result.append((score, exact, tiers))
        self._levels = [*result, (1, False, allowed)]
        return self._levels

    def _may_skip_heads(self) -> bool:
        """Whether the readings may tell that a title level is empty: a query of two words or more (a
        word in no title is rare, its short doclist costs less than the look-up), and a queryset whose
        every object the readings count — objects without a ``live`` field, or a queryset filtered on
        ``live=True`` (pages that are not live count for nothing)."""
        if self.node is None or sum(len(term.tokens) for term in q.terms(self.node)) < 2:
            return False
        if "live" not in {field.name for field in self.queryset.model._meta.concrete_fields}:
            return True
        where = self.queryset.query.where
        return (
            where.connector == AND
            and not where.negated
            and any(
                isinstance(child, Exact)
                and getattr(getattr(child.lhs, "target", None), "name", None) == "live"
                and child.rhs is True
                for child in where.children
            )
        )

    def scope(self) -> tuple[str, list[Any]]:
        """SQL on the entry ``e`` for "belongs to the searched queryset": the queryset's own filters
        translated onto the entry's columns when possible (cong.search.filters), else a sub-query."""
        if self._filter is None:
            content_types = get_descendants_content_types_pks(self.queryset.model)
            sql = f"e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
            translated = entry_filter(self.queryset)
            if translated is not None:
                self._filter = (f"{sql} AND {translated[0]}", [*content_types, *translated[1]])
            else:
                base = self.queryset.order_by()
                if connection.vendor == "postgresql":
                    qs_sql, qs_params = base.values("pk").query.get_compiler(self.queryset.db).as_sql()
                    self._filter = (f"{sql} AND e.object_id IN ({qs_sql})", [*content_types, *qs_params])
                else:  # correlated: its cost follows the matches read, not the size of the queryset
                    correlated = base.filter(pk=RawSQL("e.object_id", ())).values("pk")
                    qs_sql, qs_params = correlated.query.get_compiler(self.queryset.db).as_sql()
                    self._filter = (f"{sql} AND EXISTS ({qs_sql})", [*content_types, *qs_params])
        return self._filter

    def _from_where(self, level: Level, rank_order: bool = False) -> tuple[str, list[Any], str]:
        """FROM … WHERE … for the entries matching one level, with params and the ORDER BY column.
        `rank_order` (PostgreSQL): read entries newest first and test each, stopping at the LIMIT."""
        assert self.node is not None
        _, exact, tiers = level
        scope_sql, scope_params = self.scope()
        if connection.vendor == "postgresql":
            match, match_params = self._postgres_match(exact, tiers, rank_order)
            # OFFSET 0 keeps the sub-query as it is: entries come out of the rank index in order.
            source = f"(SELECT * FROM {ENTRY} ORDER BY rank_key DESC OFFSET 0)" if rank_order else ENTRY
            return (
                f"FROM {source} e WHERE {match} AND {scope_sql}",
                [*match_params, *scope_params],
                "e.rank_key",
            )
        table = FTS_EXACT if exact else FTS_FOLDED
        # FTS5 drives (CROSS JOIN fixes the order: SQLite would otherwise scan the entries and probe
        # FTS5 by rowid): it reads its rowids (= rank keys) newest first and stops at the LIMIT; the
        # entry's columns come from the covering rank index (search_entry_rank_cover).
        return (
            f"FROM {table} f CROSS JOIN {ENTRY} e ON e.rank_key = f.rowid "
            f"WHERE {table} MATCH %s AND {scope_sql}",
            [q.fts5_match(self.node, not exact, tiers), *scope_params],
            "f.rowid",
        )

    def _postgres_match(self, exact: bool, tiers: str, rank_order: bool) -> tuple[str, list[Any]]:
        """The candidates from the GIN index of those tiers (folded words or pairs; for an exact level
        also the exact words), then, when they do not decide, the query checked in the text of those
        tiers. Read in rank order, only the text is checked (computing the index expression of each
        row would cost more)."""
        assert self.node is not None
        indexed = tiers if tiers in PG_TIERS else "ABC"
        conditions, params = [], []
        check = indexed != tiers or q.needs_text(self.node, not exact)
        if not (rank_order and check):
            conditions.append(f"{pg_vector('e.', indexed)} @@ %s::tsquery")
            params.append(q.tsquery(self.node, exact))
        if check:
            text = pg_tier_text("e.exact_text" if exact else "e.folded_text", tiers)
            padded = f"(' ' || replace({text}, E'\\n', E' \\n ') || ' ')"
            sql, text_params = q.text_match(self.node, not exact, padded)
            conditions.append(sql)
            params += text_params
        return " AND ".join(conditions), params

    def ranked(self, start: int, stop: int | None) -> list[tuple[int, int]]:
        """(object id, score) of the results in [start, stop), best first.

        Every level in one statement (one per plan on PostgreSQL, see ``_plan_groups``), each level
        newest first with a LIMIT of ``stop``: the first page of a word found in every article comes
        from the title level. A lower level is only read when the levels above it found fewer than
        ``stop`` objects (its LIMIT is then ``stop``, else 0: the database does not read it at all);
        an object found by several levels keeps the best one's score."""
        found: list[tuple[int, int]] = []
        seen: set[int] = set()
        for rank_order, levels in self._plan_groups(stop):
            if stop is not None and len(found) >= stop:
                break
            sql, params = self._levels_sql(levels, rank_order, stop)
            with connection.cursor() as cursor, _postgres_plan(cursor, rank_order):
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            for object_id, score in rows:  # best score first, then newest
                if object_id not in seen and (stop is None or len(found) < stop):
                    seen.add(object_id)
                    found.append((int(object_id), int(score)))
        return found[start:stop]

    def _plan_groups(self, stop: int | None) -> list[tuple[bool, list[Level]]]:
        """The levels, best first, in runs that share a plan: a PostgreSQL level read newest first
        through the rank index (``_rank_order``) needs other planner settings than its neighbours."""
        groups: list[tuple[bool, list[Level]]] = []
        for level in self.levels():
            rank_order = self._rank_order(level, stop)
            if groups and groups[-1][0] == rank_order:
                groups[-1][1].append(level)
            else:
                groups.append((rank_order, [level]))
        return groups

    def _levels_sql(self, levels: list[Level], rank_order: bool, stop: int | None) -> tuple[str, list[Any]]:
        """One statement for ``levels``: ``(object_id, score)`` rows, best score first, then newest.

        Each level is a CTE (``l0``, ``l1``, …) newest first with ``LIMIT stop``; the LIMIT of a lower
        level is 0 once the levels above it hold ``stop`` distinct objects, and both databases skip a
        sub-query whose LIMIT is 0 without reading it."""
        ctes: list[str] = []
        params: list[Any] = []
        for i, level in enumerate(levels):
            sql, level_params, order = self._from_where(level, rank_order)
            params += level_params
            limit = ""
            if stop is not None and i == 0:
                limit = " LIMIT %s"
                params.append(stop)
            elif stop is not None:
                above = " UNION ".join(f"SELECT object_id FROM l{j}" for j in range(i))
                limit = f" LIMIT CASE WHEN (SELECT count(*) FROM ({above}) above) < %s THEN %s ELSE 0 END"
                params += [stop, stop]
            ctes.append(
                f"l{i} AS MATERIALIZED (SELECT e.object_id, {int(level[0])} AS score, {order} AS rk "
                f"{sql} ORDER BY {order} DESC{limit})"
            )
        union = " UNION ALL ".join(f"SELECT object_id, score, rk FROM l{i}" for i in range(len(levels)))
        return (
            f"WITH {', '.join(ctes)} SELECT object_id, score FROM ({union}) found ORDER BY score DESC, rk DESC",
            params,
        )

    def _rank_order(self, level: Level, stop: int | None) -> bool:
        """Whether a PostgreSQL level is better read newest first (see RANK_ORDER_MAX_STOP)."""
        if connection.vendor != "postgresql" or stop is None or stop > RANK_ORDER_MAX_STOP:
            return False
        _, exact, tiers = level
        assert self.node is not None
        rechecked = tiers not in PG_TIERS or q.needs_text(self.node, not exact)
        if "C" not in tiers or not rechecked:
            return False
        bound = settings.SEARCH_COUNT_LIMIT
        threshold = min(math.sqrt(stop * _entries()), bound + 1)
        return self.count(bound) >= threshold

    def matching_ids_sql(self) -> tuple[str, list[Any]]:
        sql, params, _ = self._from_where(self.levels()[-1])
        return f"SELECT e.object_id {sql}", params

    def count(self, limit: int | None = None) -> int:
        """The number of matches in the searched queryset. With ``limit``, counting stops after
        ``limit + 1`` matches: a result above ``limit`` says "more than ``limit``" (the page's count,
        docs/search.md §4), at the cost of ``limit + 1`` rows however many match."""
        # an exact count, or a bounded one that stopped below its bound, answers any limit
        exact = self._counts.get(None)
        if exact is None:
            exact = next((n for bound, n in self._counts.items() if bound is not None and n <= bound), None)
        if exact is not None:
            return exact if limit is None else min(exact, limit + 1)
        # one that passed its bound says "more than limit" for any smaller limit
        if limit is not None and any(b is not None and n > b >= limit for b, n in self._counts.items()):
            return limit + 1
        if limit not in self._counts:
            sql, params, _ = self._from_where(self.levels()[-1])
            if limit is None:
                sql = f"SELECT count(*) {sql}"
            else:
                sql, params = f"SELECT count(*) FROM (SELECT 1 {sql} LIMIT %s) bounded", [*params, limit + 1]
            with connection.cursor() as cursor, _postgres_plan(cursor):
                cursor.execute(sql, params)
                self._counts[limit] = int(cursor.fetchone()[0])
        return self._counts[limit]


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
        total = compiler.count()
        remaining = max(total - self.start, 0)
        return remaining if self.stop is None else min(remaining, self.stop - self.start)

    def bounded_count(self, limit: int) -> int:
        """``count()``, but counting stops after ``limit + 1`` results: a value above ``limit`` means
        "more than ``limit``". The search page's count (counting 100,000 matches costs more than
        the rest of the page; docs/search.md §4)."""
        compiler: CongQueryCompiler = self.query_compiler
        if compiler.node is None:
            return min(self.count(), limit + 1)
        remaining = max(compiler.count(self.start + limit) - self.start, 0)
        return remaining if self.stop is None else min(remaining, self.stop - self.start)


class CongSearchBackend(BaseSearchBackend):
    query_compiler_class = CongQueryCompiler
    # The admin's page search calls autocomplete(): it matches whole words exactly like search(),
    # so the admin, the public page and the API agree (docs/search.md).
    autocomplete_query_compiler_class = CongQueryCompiler
    results_class = CongSearchResults
    index_class = CongIndex
    rebuilder_class = CongRebuilder


SearchBackend = CongSearchBackend
