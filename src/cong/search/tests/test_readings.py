"""The reading people mean: an unaccented query ranks by its likeliest accented reading, learnt from the
index (counts of each accented form per folded form), before the date; a query with marks keeps
exact-before-folded; the page offers "Có phải bạn muốn tìm: …"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cong.news.models import ArticlePage, CategoryPage
from cong.search import query as q
from cong.search import readings
from cong.search.models import SearchReading

from .test_page import result_titles

pytestmark = pytest.mark.django_db


def _add(category: CategoryPage, title: str, lede: str, day: int) -> ArticlePage:
    return category.add_child(
        instance=ArticlePage(
            title=title,
            slug=f"tin-{day}",
            lede=lede,
            body=[("text", "<p>Nội dung.</p>")],
            published_at=timezone.make_aware(datetime(2024, 7, day, 9, 0)),
        )
    )


@pytest.fixture
def category(home: Any) -> CategoryPage:
    return home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))


@pytest.fixture
def da_nang_frequent(category: CategoryPage) -> dict[str, ArticlePage]:
    """Đà Nẵng written in four objects, đa năng in one (the newest)."""
    pages = {
        f"da_nang_{n}": _add(category, f"Đà Nẵng đón khách {n}", "Du lịch tăng.", n + 1) for n in range(4)
    }
    pages["da_nang_old_lede"] = _add(category, "Miền Trung", "Hội nghị tổ chức tại Đà Nẵng.", 5)
    pages["da_nang_tool"] = _add(category, "Robot đa năng cho nhà máy", "Thiết bị mới.", 20)
    return pages


def counts(folded: str) -> dict[str, int]:
    return dict(SearchReading.objects.filter(folded=folded, count__gt=0).values_list("exact", "count"))


def test_counts_learnt_from_titles_and_ledes(da_nang_frequent: dict[str, ArticlePage]) -> None:
    assert counts("da nang") == {"đà nẵng": 5, "đa năng": 1}
    assert counts("nang") == {"nẵng": 5, "năng": 1}
    assert readings.likeliest(["da", "nang"]) == ["đà", "nẵng"]


def test_unaccented_query_lists_the_likeliest_reading_first(
    client: Client, da_nang_frequent: dict[str, ArticlePage]
) -> None:
    titles = result_titles(client.get("/tim-kiem/", {"q": "da nang"}).content.decode())
    # Exact "đà nẵng" in a title first (newest first), then in a lede, then the rest by date.
    assert titles == [
        "Đà Nẵng đón khách 3",
        "Đà Nẵng đón khách 2",
        "Đà Nẵng đón khách 1",
        "Đà Nẵng đón khách 0",
        "Miền Trung",
        "Robot đa năng cho nhà máy",
    ]
    assert (
        result_titles(client.get("/tim-kiem/", {"q": "DA NANG"}).content.decode())[0] == "Đà Nẵng đón khách 3"
    )


def test_a_query_with_marks_keeps_exact_before_folded(
    client: Client, da_nang_frequent: dict[str, ArticlePage]
) -> None:
    titles = result_titles(client.get("/tim-kiem/", {"q": "đa năng"}).content.decode())
    assert titles[0] == "Robot đa năng cho nhà máy"


def test_the_other_reading_wins_when_it_is_the_frequent_one(category: CategoryPage) -> None:
    for n in range(3):
        _add(category, f"Máy đa năng thế hệ {n}", "Sản phẩm mới.", n + 1)
    _add(category, "Đà Nẵng mở đường bay", "Tin mới.", 25)
    titles = [page.title for page in ArticlePage.objects.live().search("da nang")]
    assert titles[:3] == ["Máy đa năng thế hệ 2", "Máy đa năng thế hệ 1", "Máy đa năng thế hệ 0"]
    assert titles[3] == "Đà Nẵng mở đường bay"


def test_did_you_mean(client: Client, da_nang_frequent: dict[str, ArticlePage]) -> None:
    html = client.get("/tim-kiem/", {"q": "da nang"}).content.decode()
    assert 'Có phải bạn muốn tìm: <a href="?q=%C4%91%C3%A0+n%E1%BA%B5ng" lang="vi">đà nẵng</a>' in html
    assert "Có phải bạn muốn tìm" not in client.get("/tim-kiem/", {"q": "đà nẵng"}).content.decode()
    assert "Có phải bạn muốn tìm" not in client.get("/tim-kiem/", {"q": "xyz"}).content.decode()


def test_counts_follow_edits_unpublishing_and_deletion(da_nang_frequent: dict[str, ArticlePage]) -> None:
    page = da_nang_frequent["da_nang_0"]
    page.title = "Hội An đón khách"
    page.save_revision().publish()
    assert counts("da nang") == {"đà nẵng": 4, "đa năng": 1}
    da_nang_frequent["da_nang_1"].unpublish()
    assert counts("da nang") == {"đà nẵng": 3, "đa năng": 1}
    da_nang_frequent["da_nang_tool"].delete()
    assert counts("da nang") == {"đà nẵng": 3}


def keys_of(corpus: dict[str, Any], results: Any) -> list[tuple[str, int]]:
    by_pk = {page.pk: key for key, page in corpus.items() if key != "categories"}
    return [(by_pk[page.pk], page.score) for page in results]


@pytest.mark.parametrize(
    ("query", "operator", "levels"),
    [
        ("nạo vét", "and", [4, 1]),  # only in a body: no title or lede level is read
        ("nao vet", "and", [1]),
        ("thủy lợi", "and", [6, 5, 4, 3, 2, 1]),  # in a title
        ("hòa bình thủy lợi", "and", [6, 5, 4, 3, 2, 1]),  # every word in one title
        ('"hòa bình thủy lợi"', "and", [4, 1]),  # but "bình thủy" is in no title or lede
        ('"mùa mưa bão"', "and", [4, 1]),  # "mùa mưa" in a title, "mưa bão" only in a body
        ("thuỷ nạo", "or", [6, 5, 4, 3, 2, 1]),  # one side may match
        ("42/2022/NĐ-CP", "and", [6, 5, 4, 3, 2, 1]),  # document numbers are not in the readings
        ("vét", "and", [6, 5, 4, 3, 2, 1]),  # one word: not looked up (a short doclist)
    ],
)
def test_levels_that_readings_show_empty_are_not_read(
    corpus: dict[str, Any], query: str, operator: str, levels: list[int]
) -> None:
    live = ArticlePage.objects.live().search(query, operator=operator)
    assert [score for score, _exact, _tiers in live.query_compiler.levels()] == levels
    every = ArticlePage.objects.search(query, operator=operator)  # drafts are not in the readings
    assert len(every.query_compiler.levels()) == (6 if q.has_marks(q.parse(query)) else 3)
    assert [p.pk for p in live] == [p.pk for p in every if p.live]


def test_a_title_that_gains_the_word_is_found_at_its_level(corpus: dict[str, Any]) -> None:
    page = corpus["thuy_loi"]
    found = ArticlePage.objects.live().search("nạo vét").annotate_score("score")
    assert keys_of(corpus, found) == [("thuy_loi", 4)]
    page.title = "Nạo vét kênh mương trước mùa mưa"
    page.save_revision().publish()
    found = ArticlePage.objects.live().search("nạo vét").annotate_score("score")
    assert keys_of(corpus, found) == [("thuy_loi", 6)]
    page.unpublish()
    assert list(ArticlePage.objects.live().search("nạo vét")) == []


@pytest.mark.django_db
def test_compact_keeps_the_counts_and_on_postgres_sheds_the_dead_row_versions() -> None:
    """A rebuild adds each batch's counts to the same rows; compacting after it (``refresh``) keeps
    every live count, drops the zero ones and, on PostgreSQL, writes the table again: the updates'
    dead versions no longer count in the index's size (issue 17, item 5)."""
    from collections import Counter

    from django.db import connection

    units = [f"từ {n}" for n in range(300)]
    with connection.cursor() as cursor:
        for _ in range(20):
            readings.record(cursor, Counter({unit: 1 for unit in units}))
        readings.record(cursor, Counter({units[0]: -20}))
        before = pg_size(cursor)
        readings.compact(cursor)
        after = pg_size(cursor)
    counts = dict(SearchReading.objects.values_list("exact", "count"))
    assert counts == {unit: 20 for unit in units[1:]}
    if connection.vendor == "postgresql":
        assert after * 4 < before, (before, after)


def pg_size(cursor: Any) -> int:
    """The readings table's bytes with its indexes (PostgreSQL), else 0."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    cursor.execute(f"SELECT pg_total_relation_size('{readings.TABLE}')")
    return int(cursor.fetchone()[0])
