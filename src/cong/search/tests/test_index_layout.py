"""Index layout 3: unique compact rank keys, and on SQLite the text kept once (docs/search.md §2)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection

from cong.news.models import ArticlePage, CategoryPage
from cong.search.index import FTS_EXACT, FTS_FOLDED, FTS_TEXT, RANK_SLOT_BITS, assign_keys, rank_key
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
            assert "VIRTUAL TABLE" in plan[0], plan
