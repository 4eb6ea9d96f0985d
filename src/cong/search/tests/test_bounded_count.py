"""Counts are bounded (settings.SEARCH_COUNT_LIMIT): counting stops after the bound, the page says
"Hơn N kết quả", pagination and the type filter stop there and the API says the count is a lower
bound; below the bound every count stays exact (docs/search.md §4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cong.core.testing import visible_text
from cong.news.models import ArticlePage
from cong.search.tests.test_page import result_titles

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/"
API = "/api/v2/tim-kiem/"
# "cang bien" matches three articles (title, lede, body): corpus of conftest.py.
QUERY = "cang bien"


def test_bounded_count_stops_one_past_the_bound(corpus: dict[str, Any]) -> None:
    results = ArticlePage.objects.live().search(QUERY)
    assert [results.bounded_count(bound) for bound in (1, 2, 3, 5)] == [2, 3, 3, 3]
    assert results.count() == 3  # Wagtail's own count stays exact (admin, pages API)
    with CaptureQueriesContext(connection) as captured:
        ArticlePage.objects.live().search(QUERY).bounded_count(1)
    (statement,) = [s["sql"] for s in captured.captured_queries if "count(*)" in s["sql"].lower()]
    assert "LIMIT" in statement.upper()


def test_the_page_says_more_than_the_bound(
    client: Client, corpus: dict[str, Any], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cong.search.views.ARTICLES_PER_PAGE", 1)
    settings.SEARCH_COUNT_LIMIT = 2
    first = client.get(URL, {"q": QUERY}).content.decode()
    text = visible_text(first)
    assert "Hơn 2 kết quả cho “cang bien”" in text and "Tìm thấy 3" not in text
    assert "Trang 1 / 2" in text
    assert result_titles(first) == [corpus["cang_title"].title]
    second = client.get(URL, {"q": QUERY, "trang": 2}).content.decode()
    assert result_titles(second) == [corpus["cang_lede"].title] and 'rel="next"' not in second
    assert client.get(URL, {"q": QUERY, "trang": 3}).status_code == 404  # beyond the bound


def test_counts_below_the_bound_stay_exact(
    client: Client, corpus: dict[str, Any], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cong.search.views.ARTICLES_PER_PAGE", 1)
    settings.SEARCH_COUNT_LIMIT = 3
    html = client.get(URL, {"q": QUERY}).content.decode()
    assert "Tìm thấy 3 kết quả" in visible_text(html) and "Trang 1 / 3" in visible_text(html)
    assert result_titles(client.get(URL, {"q": QUERY, "trang": 3}).content.decode()) == [
        corpus["cang_body"].title
    ]


def test_the_api_says_the_count_is_a_lower_bound(
    client: Client, corpus: dict[str, Any], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cong.search.api.API_PER_PAGE", 1)
    settings.SEARCH_COUNT_LIMIT = 2
    answer = client.get(API, {"q": QUERY}).json()
    assert (answer["count"], answer["count_exact"], answer["pages"]) == (2, False, 2)
    assert client.get(API, {"q": QUERY, "trang": 3}).status_code == 404
    settings.SEARCH_COUNT_LIMIT = 3
    answer = client.get(API, {"q": QUERY, "trang": 2}).json()
    assert (answer["count"], answer["count_exact"], answer["pages"]) == (3, True, 3)
