"""Query -> expected results, through Wagtail's search machinery (SQLite FTS5 or PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from cong.news.models import ArticlePage
from cong.search.tests.conftest import nfd

# Ordered lists are checked in order; sets (frozenset) only for membership.
TABLE: list[tuple[str, Any]] = [
    # đ / Đ / Ð, upper case, NFD input, unaccented input
    ("Đà Nẵng", ["ban_hang"]),
    ("da nang", ["ban_hang"]),
    ("ĐÀ NẴNG", ["ban_hang"]),
    ("\u00d0à Nẵng", ["ban_hang"]),
    (nfd("Đà Nẵng"), ["ban_hang"]),
    ("đại hội đoàn", ["eth"]),
    ("DAI HOI DOAN", ["eth"]),
    ("\u00d0ại hội", ["eth"]),
    # letters with two marks
    ("nẵng", ["ban_hang", "cang_lede"]),  # "Nâng" is a folded match: after the exact one
    ("quốc hội", ["ban_hang_folded", "eth"]),  # both words in a title, then in a body
    ('"quốc hội"', ["eth"]),
    ('"quoc hoi"', ["eth"]),
    ("tiếp tục đổi mới", ["eth"]),
    ("hồ chí minh", ["eth"]),
    ("ho chi minh", ["eth"]),
    ("giữ gìn", ["ban_hang"]),
    ("ẵm", ["eth"]),
    ("thực hiện", frozenset({"ban_hanh", "separate_tokens", "nghi_dinh"})),
    ("thuc hien", frozenset({"ban_hanh", "separate_tokens", "nghi_dinh"})),
    # tone placement: hoà / hòa, thuỷ / thủy
    ("hoà bình", ["thuy_loi"]),
    ("hòa bình", ["thuy_loi"]),
    ("thuỷ", ["thuy_dien", "thuy_loi"]),
    ("thủy", ["thuy_dien", "thuy_loi"]),
    ("THUY", ["thuy_dien", "thuy_loi"]),
    # document numbers are one unit
    ("01-CT/TW", ["ban_hanh"]),
    ("01-ct/tw", ["ban_hanh"]),
    ("01 CT TW", frozenset({"ban_hanh", "separate_tokens"})),
    ("42/2022/NĐ-CP", ["nghi_dinh"]),
    ("42/2022/ND-CP", ["nghi_dinh"]),
    ("nghị định 42/2022", ["nghi_dinh"]),
    ("123/QĐ-UBND", ["nghi_dinh"]),
    ("124/QĐ-UBND", []),
    # phrase versus words
    ('"kinh tế số"', ["phrase"]),
    ("kinh tế số", frozenset({"phrase", "words"})),
    ('"số kinh tế"', []),
    # exact diacritics before folded matches (bạn hàng is newer and in a title, yet ranks second)
    ("bán hàng", ["ban_hang", "ban_hang_folded"]),
    ("ban hang", ["ban_hang_folded", "ban_hang"]),
    ("ban hành", ["ban_hanh", "nghi_dinh"]),
    # title before lede before body (the body match is the newest)
    ("cảng biển", ["cang_title", "cang_lede", "cang_body"]),
    ("cang bien", ["cang_title", "cang_lede", "cang_body"]),
    # words are ANDed
    ("cảng biển thiên tai", []),
]


def keys_for(corpus: dict[str, Any], results: list[Any]) -> list[str]:
    by_pk = {page.pk: key for key, page in corpus.items() if key != "categories"}
    return [by_pk[page.pk] for page in results]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[repr(q) for q, _ in TABLE])
def test_query_table(corpus: dict[str, Any], query: str, expected: Any) -> None:
    results = ArticlePage.objects.live().search(query)
    found = keys_for(corpus, list(results))
    assert results.count() == len(found)
    if isinstance(expected, frozenset):
        assert set(found) == expected
    else:
        assert found == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ['" * ^ ( ) : NEAR OR AND -', "a* OR b", "NEAR(a b)", "title:abc", "'; DROP TABLE x; --", "\x00", "\ud800x",
     '"unclosed', "x" * 5000, "<script>alert(1)</script>", "-", "*", "^ab", "Đà Nẵng " * 500],
)  # fmt: skip
def test_hostile_queries_do_not_fail(corpus: dict[str, Any], query: str) -> None:
    results = ArticlePage.objects.live().search(query)
    assert results.count() == len(list(results))


@pytest.mark.django_db
def test_or_operator_and_search_fields(corpus: dict[str, Any]) -> None:
    found = keys_for(corpus, list(ArticlePage.objects.search("thuỷ cảng", operator="or")))
    assert set(found) == {"thuy_dien", "thuy_loi", "cang_title", "cang_lede", "cang_body"}
    title_only = keys_for(corpus, list(ArticlePage.objects.search("cảng biển", fields=["title"])))
    assert title_only == ["cang_title"]


@pytest.mark.django_db
def test_queryset_filters_and_explicit_order(corpus: dict[str, Any]) -> None:
    thoi_su = corpus["categories"]["thoi-su"]
    in_category = ArticlePage.objects.live().descendant_of(thoi_su).search("thực hiện")
    assert set(keys_for(corpus, list(in_category))) == {"ban_hanh", "separate_tokens", "nghi_dinh"}
    by_title = ArticlePage.objects.order_by("title").search("cảng biển", order_by_relevance=False)
    titles = [p.title for p in by_title]
    assert set(keys_for(corpus, list(by_title))) == {"cang_title", "cang_lede", "cang_body"}
    assert titles == sorted(titles) and len(titles) == 3


@pytest.mark.django_db
def test_slicing_and_score(corpus: dict[str, Any]) -> None:
    results = ArticlePage.objects.search("cảng biển").annotate_score("score")
    assert keys_for(corpus, list(results[1:3])) == ["cang_lede", "cang_body"]
    assert [r.score for r in results] == [6, 5, 4]
    assert results[1:].count() == 2
