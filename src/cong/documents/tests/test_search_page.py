"""Legal documents in the portal-wide search /tim-kiem/: one result page with articles, a type filter
with counts, and a document number query showing that document first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cong.core.jsonl import ImportReport
from cong.core.testing import visible_text
from cong.news.models import ArticlePage, CategoryPage
from cong.search.tests.html import facets, headings

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/"


@pytest.fixture
def article(home: Any) -> ArticlePage:
    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    return category.add_child(
        instance=ArticlePage(
            title="Triển khai dịch vụ công trực tuyến toàn trình",
            slug="dich-vu-cong",
            lede="Theo Nghị định 42/2022/NĐ-CP về cung cấp thông tin.",
            body=[("text", "<p>Nội dung.</p>")],
            published_at=timezone.make_aware(datetime(2024, 5, 1, 9, 0)),
        )
    )


def test_documents_and_articles_in_one_list_with_type_counts(
    client: Client, sample_documents: ImportReport, article: ArticlePage
) -> None:
    html = client.get(URL, {"q": "dich vu cong truc tuyen"}).content.decode()
    found = headings(html)
    assert found[0] == "Triển khai dịch vụ công trực tuyến toàn trình"
    assert "Nghị định số 42/2022/NĐ-CP" in found and "Nghị định số 43/2011/NĐ-CP" in found
    assert facets(html) == ["Tất cả (3)", "Tin bài (1)", "Văn bản (2)"]


def test_type_filter(client: Client, sample_documents: ImportReport, article: ArticlePage) -> None:
    only_documents = client.get(URL, {"q": "dich vu cong truc tuyen", "loai": "van-ban"}).content.decode()
    assert headings(only_documents) == ["Nghị định số 42/2022/NĐ-CP", "Nghị định số 43/2011/NĐ-CP"]
    assert '<span aria-current="page">Văn bản (2)</span>' in only_documents
    only_articles = client.get(URL, {"q": "dich vu cong truc tuyen", "loai": "tin-bai"}).content.decode()
    assert headings(only_articles) == ["Triển khai dịch vụ công trực tuyến toàn trình"]
    unknown = client.get(URL, {"q": "dich vu cong truc tuyen", "loai": "khong-co"})
    assert unknown.status_code == 200 and headings(unknown.content.decode()) == []


def test_a_document_number_puts_that_document_first(
    client: Client, sample_documents: ImportReport, article: ArticlePage
) -> None:
    html = client.get(URL, {"q": "42/2022/NĐ-CP"}).content.decode()
    found = headings(html)
    assert found[0] == "Nghị định số 42/2022/NĐ-CP"
    assert "Triển khai dịch vụ công trực tuyến toàn trình" in found[1:]


def _article(home: Any, slug: str, title: str, lede: str, body: str, year: int) -> ArticlePage:
    category = CategoryPage.objects.filter(slug="thoi-su").first() or home.add_child(
        instance=CategoryPage(title="Thời sự", slug="thoi-su")
    )
    return category.add_child(
        instance=ArticlePage(
            title=title,
            slug=slug,
            lede=lede,
            body=[("text", f"<p>{body}</p>")],
            published_at=timezone.make_aware(datetime(year, 1, 10, 9, 0)),
        )
    )


def api_titles(client: Client, params: dict[str, str]) -> list[str]:
    response = client.get("/api/v2/tim-kiem/", params)
    assert response.status_code == 200
    return [result["title"] for result in response.json()["results"]]


def test_one_ranking_across_types(
    client: Client, sample_documents: ImportReport, article: ArticlePage, home: Any
) -> None:
    """Score first (title 3 > lede or abstract 2 > body 1), then the newest: documents between articles."""
    _article(
        home, "le-de", "Bản tin sáng", "Hướng dẫn dịch vụ công trực tuyến cho người dân.", "Nội dung.", 2021
    )
    _article(home, "than-bai", "Bản tin chiều", "Tóm tắt.", "Nhiều dịch vụ công trực tuyến mới.", 2025)
    params = {"q": "dich vu cong truc tuyen"}
    html = client.get(URL, params).content.decode()
    expected = [
        "Triển khai dịch vụ công trực tuyến toàn trình",  # title (3)
        "Nghị định số 42/2022/NĐ-CP",  # abstract (2), 2022
        "Bản tin sáng",  # lede (2), 2021
        "Nghị định số 43/2011/NĐ-CP",  # abstract (2), 2011
        "Bản tin chiều",  # body only (1), although the newest
    ]
    assert headings(html) == expected
    assert facets(html) == ["Tất cả (5)", "Tin bài (3)", "Văn bản (2)"]
    assert api_titles(client, params) == expected
    answer = client.get("/api/v2/tim-kiem/", params).json()
    assert answer["count"] == 5 and answer["counts"] == {"tat-ca": 5, "tin-bai": 3, "van-ban": 2}
    document = answer["results"][1]
    assert document["type"] == "van-ban" and document["number"] == "42/2022/NĐ-CP"
    assert document["issuer"] == "Chính phủ" and document["date"].startswith("2022-06-24")
    assert document["url"].startswith("http://")
    assert answer["results"][0]["type"] == "tin-bai" and "date" in answer["results"][0]
    only = client.get("/api/v2/tim-kiem/", {**params, "loai": "van-ban"}).json()
    assert [r["title"] for r in only["results"]] == expected[1::2]


def test_a_document_number_query_puts_the_document_above_a_title_match(
    client: Client, sample_documents: ImportReport, article: ArticlePage, home: Any
) -> None:
    _article(home, "so", "Hướng dẫn thi hành 42/2022/NĐ-CP", "Tóm tắt.", "Nội dung.", 2026)
    params = {"q": "42/2022/NĐ-CP"}
    found = headings(client.get(URL, params).content.decode())
    assert found == [
        "Nghị định số 42/2022/NĐ-CP",  # the number itself (7)
        "Hướng dẫn thi hành 42/2022/NĐ-CP",  # exactly in the title (6)
        "Triển khai dịch vụ công trực tuyến toàn trình",  # exactly in the lede (5)
    ]
    assert api_titles(client, params) == found


def test_pages_of_the_mixed_list(
    client: Client, sample_documents: ImportReport, article: ArticlePage, home: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("cong.search.views.ARTICLES_PER_PAGE", 2)
    monkeypatch.setattr("cong.search.api.API_PER_PAGE", 2)
    _article(
        home, "le-de", "Bản tin sáng", "Hướng dẫn dịch vụ công trực tuyến cho người dân.", "Nội dung.", 2021
    )
    params = {"q": "dich vu cong truc tuyen"}
    pages = [headings(client.get(URL, {**params, "trang": n}).content.decode()) for n in ("1", "2")]
    assert pages == [
        ["Triển khai dịch vụ công trực tuyến toàn trình", "Nghị định số 42/2022/NĐ-CP"],
        ["Bản tin sáng", "Nghị định số 43/2011/NĐ-CP"],
    ]
    assert api_titles(client, {**params, "trang": "2"}) == pages[1]
    assert client.get(URL, {**params, "trang": "3"}).status_code == 404
    assert client.get("/api/v2/tim-kiem/", {**params, "trang": "3"}).status_code == 404


def test_counts_beyond_the_bound(
    client: Client,
    sample_documents: ImportReport,
    article: ArticlePage,
    home: Any,
    monkeypatch: Any,
    settings: Any,
) -> None:
    """More articles than settings.SEARCH_COUNT_LIMIT: "all" and articles say "hơn N" and only the first N
    results are listed; the documents' own count and list stay exact (docs/search.md §4)."""
    monkeypatch.setattr("cong.search.views.ARTICLES_PER_PAGE", 2)
    settings.SEARCH_COUNT_LIMIT = 2
    _article(
        home, "le-de", "Bản tin sáng", "Hướng dẫn dịch vụ công trực tuyến cho người dân.", "Nội dung.", 2021
    )
    _article(home, "than-bai", "Bản tin chiều", "Tóm tắt.", "Nhiều dịch vụ công trực tuyến mới.", 2025)
    params = {"q": "dich vu cong truc tuyen"}
    html = client.get(URL, params).content.decode()
    assert facets(html) == ["Tất cả (hơn 2)", "Tin bài (hơn 2)", "Văn bản (2)"]
    assert headings(html) == ["Triển khai dịch vụ công trực tuyến toàn trình", "Nghị định số 42/2022/NĐ-CP"]
    assert client.get(URL, {**params, "trang": "2"}).status_code == 404
    documents = client.get(URL, {**params, "loai": "van-ban"}).content.decode()
    assert headings(documents) == ["Nghị định số 42/2022/NĐ-CP", "Nghị định số 43/2011/NĐ-CP"]
    assert "Tìm thấy 2 kết quả" in visible_text(documents)
    answer = client.get("/api/v2/tim-kiem/", params).json()
    assert (answer["count"], answer["count_exact"], answer["counts_exact"]) == (2, False, False)
    assert answer["counts"] == {"tat-ca": 2, "tin-bai": 2, "van-ban": 2}
    answer = client.get("/api/v2/tim-kiem/", {**params, "loai": "van-ban"}).json()
    assert (answer["count"], answer["count_exact"], answer["counts_exact"]) == (2, True, False)


def test_a_first_search_reads_the_documents_once(
    client: Client, sample_documents: ImportReport, article: ArticlePage, settings: Any
) -> None:
    """The documents' section of a first search (results not cached; this generation warm) runs one
    query on the documents: their index page and whether any is published are known per generation."""
    settings.PAGECACHE_ENABLED = False
    client.get(URL)  # the first request creates the site's settings rows: a new generation
    caches[settings.PAGECACHE_FRAGMENT_ALIAS].clear()
    client.get(URL, {"q": "khác"})
    with CaptureQueriesContext(connection) as context:
        html = client.get(URL, {"q": "dich vu cong truc tuyen"}).content.decode()
    assert facets(html) == ["Tất cả (3)", "Tin bài (1)", "Văn bản (2)"]
    sql = [q["sql"] for q in context.captured_queries]
    assert len([s for s in sql if "documents_legaldocument" in s]) == 1, sql
    assert not [
        s for s in sql if "documents_documentindexpage" in s or "wagtailcore_pageviewrestriction" in s
    ]
    assert len([s for s in sql if "search_searchreading" in s]) == 1, "one reading look-up per request"
