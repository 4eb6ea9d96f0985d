"""Index layouts 3 and 4: unique compact rank keys, on SQLite the text kept once, on PostgreSQL the
tokens as text with GIN indexes on expressions of it (docs/search.md §2)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection

from cong.news.models import ArticlePage, CategoryPage
from cong.search.backend import _postgres_plan
from cong.search.index import (
    ENTRY,
    FTS_EXACT,
    FTS_FOLDED,
    FTS_TEXT,
    PG_INDEXES,
    RANK_SLOT_BITS,
    analyze,
    assign_keys,
    pg_vector,
    rank_key,
)
from cong.search.models import SearchEntry

NOON = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def titles(query: str) -> list[str]:
    return [page.title for page in ArticlePage.objects.live().public().search(query)]


@pytest.fixture
def category(home: Any) -> CategoryPage:
    return home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))


def add(category: CategoryPage, title: str, slug: str, when: datetime = NOON) -> ArticlePage:
    return category.add_child(instance=ArticlePage(title=title, slug=slug, published_at=when))


def entry_key(page: ArticlePage) -> int:
    return SearchEntry.objects.get(object_id=page.pk).rank_key


def test_rank_key_is_the_second_then_a_slot_of_ten_bits() -> None:
    assert rank_key(NOON, 5) >> RANK_SLOT_BITS == rank_key(NOON, 1029) >> RANK_SLOT_BITS
    assert rank_key(NOON, 5) == rank_key(NOON, 1029)  # same slot: assign_keys separates them
    assert rank_key(NOON, 6) - rank_key(NOON, 5) == 1


@pytest.mark.django_db
def test_a_held_key_goes_to_the_next_free_one_below(category: CategoryPage) -> None:
    held = entry_key(add(category, "Hội nghị tổng kết", "hoi-nghi"))
    with connection.cursor() as cursor:
        assert assign_keys(cursor, [(held, None)], [0]) == [held - 1]
        assert assign_keys(cursor, [(held + 5, None), (held + 5, None)], [0]) == [held + 5, held + 4]
        # an entry whose second did not change keeps its key (and its FTS rowid)
        assert assign_keys(cursor, [(held + 3, held)], [0]) == [held]


@pytest.mark.django_db
def test_entries_of_one_second_get_distinct_keys_newest_entry_first(category: CategoryPage) -> None:
    pages = [add(category, f"Khánh thành cầu số {n}", f"cau-{n}") for n in range(3)]
    keys = [entry_key(page) for page in pages]
    assert len(set(keys)) == 3 and {key >> RANK_SLOT_BITS for key in keys} == {keys[0] >> RANK_SLOT_BITS}
    assert titles("khánh thành cầu") == [page.title for page in reversed(pages)]


@pytest.mark.django_db
def test_edits_leave_no_trace_in_the_contentless_tables(category: CategoryPage) -> None:
    page = add(category, "Thông xe cầu Tân Vũ", "tan-vu")
    for title in ("Thông xe cầu Bính", "Thông xe cầu Hoàng Văn Thụ"):
        page.title = title
        page.save_revision().publish()  # same date: the same rowid is deleted and written again
    assert titles("tân vũ") == [] and titles("binh") == []
    assert titles("hoang van thu") == ["Thông xe cầu Hoàng Văn Thụ"]
    page.unpublish()
    assert titles("hoang van thu") == []
    page.delete()
    assert not SearchEntry.objects.exists() or titles("thong xe") == []


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 layout")
def test_sqlite_keeps_the_text_once_compressed(category: CategoryPage) -> None:
    page = add(category, "Chuyển đổi số ở Hải Phòng", "cds")
    key = entry_key(page)
    with connection.cursor() as cursor:
        for table, word in ((FTS_EXACT, "chuyển"), (FTS_FOLDED, "chuyen")):
            cursor.execute(f"SELECT rowid, a, b, c FROM {table} WHERE {table} MATCH %s", [word])
            assert cursor.fetchall() == [(key, None, None, None)]  # contentless: no copy of the text
        cursor.execute(f"SELECT COUNT(*) FROM {FTS_TEXT}")
        assert cursor.fetchone()[0] == SearchEntry.objects.count()
    page.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FTS_TEXT} WHERE rowid = %s", [key])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's join order")
def test_sqlite_reads_matches_from_fts5_first(category: CategoryPage) -> None:
    """With the entries joined on the rank key, SQLite may prefer to scan every entry and probe FTS5
    by rowid (100,000 probes at 100,000 articles); the FTS5 table must drive."""
    add(category, "Chuyển đổi số ở Hải Phòng", "cds")
    statements: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "MATCH" in sql and not many:
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        results = ArticlePage.objects.live().public().search("chuyển đổi số")
        assert results.count() == 1 and len(list(results[:20])) == 1
    assert statements
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[-1] for row in cursor.fetchall()]
            # Each read of the entries (one per level in the ranked statement) follows the FTS5 scan.
            entries = [i for i, line in enumerate(plan) if line.startswith(("SCAN e", "SEARCH e"))]
            assert entries and all("VIRTUAL TABLE" in plan[i - 1] for i in entries), plan


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's layout")
def test_postgres_keeps_the_tokens_as_text_and_indexes_expressions(category: CategoryPage) -> None:
    """Layout 4: no stored vector; the GIN indexes' lexemes are computed from the token text: folded
    words, folded pairs of adjacent words of one tier (never across two tiers), exact words marked."""
    page = add(category, "Cải cách hành chính", "cchc")
    page.lede = "Đà Nẵng số 42/2022/NĐ-CP"
    page.save_revision().publish()
    entry = SearchEntry.objects.get(object_id=page.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT data_type FROM information_schema.columns WHERE table_name = '{ENTRY}' "
            "AND data_type = 'tsvector'"
        )
        assert cursor.fetchall() == []
        cursor.execute(f"SELECT exact_text, folded_text FROM {ENTRY} WHERE id = %s", [entry.pk])
        exact, folded = cursor.fetchone()
        assert exact.split("\n")[:2] == ["cải cách hành chính", "đà nẵng số 42/2022/nđ-cp 42 2022 nđ cp"]
        assert folded.split("\n")[0] == "cai cach hanh chinh"
        lexemes = {}
        for name, tiers in PG_INDEXES.items():
            cursor.execute(
                f"SELECT tsvector_to_array({pg_vector('', tiers)}) FROM {ENTRY} WHERE id = %s", [entry.pk]
            )
            lexemes[name] = set(cursor.fetchone()[0])
    title = {"cai", "cach", "hanh", "chinh", "cai cach", "cach hanh", "hanh chinh"}
    assert lexemes["title"] == title | {"=cải", "=cách", "=hành", "=chính"}
    wanted = {"da nang", "42/2022/nd-cp", "=đà", "=42/2022/nđ-cp", "chinh da", "=đà nẵng"}
    assert wanted & lexemes["head"] == {"da nang", "42/2022/nd-cp", "=đà", "=42/2022/nđ-cp"}
    assert lexemes["title"] < lexemes["head"] <= lexemes["all"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_postgres_reads_matches_from_the_expression_indexes(category: CategoryPage) -> None:
    """A search's expressions must be the indexes' own, or the planner cannot use them: every level's
    match alone is answered from a GIN index (a sequential scan would compute each row's lexemes)."""
    add(category, "Cải cách hành chính ở Hải Phòng theo 42/2022/NĐ-CP", "cchc")
    checked = 0
    for query in ("cải cách hành chính", '"cải cách hành chính"', "hai phong", '"hành chính" 42/2022'):
        compiler = ArticlePage.objects.live().search(query).query_compiler
        for _score, exact, tiers in compiler.levels():
            match, params = compiler._postgres_match(exact, tiers, rank_order=False)
            with connection.cursor() as cursor, _postgres_plan(cursor):
                cursor.execute(f"EXPLAIN SELECT e.object_id FROM {ENTRY} e WHERE {match}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan and "_gin" in plan, plan
            checked += 1
    assert checked >= 12


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_postgres_levels_read_the_gin_indexes_once_the_entries_are_analyzed(category: CategoryPage) -> None:
    """Entries indexed one page at a time (the demo, an import) leave the planner without statistics:
    it then reads the content type's index and computes every row's lexemes (150 ms for 40 rows).
    ``analyze()`` (run by the demo and after a rebuild) gives it the statistics to pick the GIN index."""
    with connection.cursor() as cursor:
        # Earlier tests' rolled-back rows bloat the GIN indexes of the test database (no autovacuum):
        # rebuilt, they are the size a portal's would be, and the plan depends on the statistics alone.
        cursor.execute(f"REINDEX TABLE {ENTRY}")
    for n in range(40):
        add(category, f"Tin số {n} về Hải Phòng", f"tin-{n}")
    analyze()
    compiler = ArticlePage.objects.live().search("hải phòng").query_compiler
    for level in compiler.levels():
        sql, params, _order = compiler._from_where(level)
        with connection.cursor() as cursor, _postgres_plan(cursor):
            cursor.execute(f"EXPLAIN SELECT e.object_id {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "_gin" in plan, plan


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's rank-order plan")
def test_postgres_rank_order_decision_reuses_the_pages_bounded_count(category: CategoryPage) -> None:
    """Whether a phrase level is read newest first depends on how many entries match: the page's own
    bounded count says it. An exact count would check the phrase in the text of every candidate
    (60 ms of PostgreSQL CPU at 20,000 articles), a second bounded one doubled the phrase's cost."""
    from django.test.utils import CaptureQueriesContext

    from cong.search import backend

    for n in range(40):
        add(category, f"Cải cách hành chính đợt {n}", f"cchc-{n}", NOON.replace(day=1 + n % 28, hour=n % 24))
    analyze()
    backend._entries_estimate.clear()
    results = ArticlePage.objects.live().search('"cải cách hành chính"')
    compiler = results.query_compiler
    with CaptureQueriesContext(connection) as queries:
        found = list(results[:2])
        assert results.count() == 40
    assert len(found) == 2
    assert any(compiler._rank_order(level, 2) for level in compiler.levels())  # 40 of 45 entries match
    counts = [q["sql"] for q in queries if "count(*)" in q["sql"].split(" FROM ", 1)[0]]
    assert len(counts) == 1 and "LIMIT" in counts[0].rsplit(")", 1)[0], counts
