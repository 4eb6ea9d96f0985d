"""The uncached render (page cache off): query budgets per page type, fragments, routing, page weight."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cong.news.models import ArticlePage

pytestmark = pytest.mark.usefixtures("no_page_cache")
PAGE_BUDGET_BYTES = 60 * 1024


@pytest.fixture
def no_page_cache() -> Any:
    with override_settings(PAGECACHE_ENABLED=False):
        yield


def warm_queries(client: Client, url: str) -> int:
    """Queries of a render with warm fragments (the first render may also create renditions)."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_warm_query_budget_per_page_type(seed_article: Any, import_records: Any, client: Client) -> None:
    records = [{"title": f"Tin {i}", "body": "<p>x</p>", "category": "Thời sự"} for i in range(12)]
    assert import_records(records).ok
    category = seed_article.get_parent().url
    budgets = {
        seed_article.url: 2,
        seed_article.url + "in/": 12,
        "/": 2,
        category: 4,
        category + "?trang=1": 4,
    }
    counts = {url: warm_queries(client, url) for url in budgets}
    assert all(counts[url] <= budget for url, budget in budgets.items()), counts


def test_query_count_does_not_grow_with_the_category(import_records: Any, client: Client) -> None:
    def add(n: int, start: int) -> None:
        records = [
            {"title": f"Tin {i}", "body": "<p>x</p>", "category": "Kinh tế"} for i in range(start, start + n)
        ]
        assert import_records(records, name=f"r{start}.jsonl").ok

    add(2, 0)
    small = {url: warm_queries(client, url) for url in ("/", "/kinh-te/")}
    add(30, 2)
    assert {url: warm_queries(client, url) for url in ("/", "/kinh-te/")} == small


def test_preview_never_uses_a_cached_fragment(seed_article: Any, client: Client) -> None:
    client.get(seed_article.url)
    draft = ArticlePage.objects.get(pk=seed_article.pk)
    draft.title = "Tiêu đề trong bản xem trước"
    preview = draft.make_preview_request()
    assert "Tiêu đề trong bản xem trước" in preview.content.decode()
    assert "Tiêu đề trong bản xem trước" not in client.get(seed_article.url).content.decode()


def test_cached_route_follows_unpublish(seed_article: Any, client: Client) -> None:
    warm_queries(client, seed_article.url)
    seed_article.unpublish()
    assert client.get(seed_article.url).status_code == 404
    assert client.get(seed_article.url + "khong-co/").status_code == 404
    assert client.get("/khong-co-chuyen-muc/").status_code == 404


def _static_size(url: str) -> int:
    path = finders.find(url.removeprefix("/static/").split("?")[0])
    assert path, url
    return Path(path).stat().st_size


def test_article_page_weight_and_images(seed_article: Any, client: Client) -> None:
    html = client.get(seed_article.url).content.decode()
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert styles, "no stylesheet found"
    for url in styles + scripts:
        assert url.startswith("/static/"), f"third-party or unexpected asset: {url}"
    total = len(html.encode()) + sum(_static_size(url) for url in styles + scripts)
    assert total <= PAGE_BUDGET_BYTES, f"article page weighs {total} bytes (HTML+CSS+JS)"
    body = html.split('class="article-body"', 1)[1].split("</article>", 1)[0]
    images = re.findall(r"<img [^>]+>", body)
    assert images, "the seed article has photos"
    for tag in images:
        assert 'loading="lazy"' in tag and "srcset=" in tag and ".webp" in tag, tag
        assert re.search(r'width="\d+" height="\d+"', tag), tag


def test_cached_route_still_checks_view_restrictions(seed_article: Any, client: Client) -> None:
    from wagtail.models import PageViewRestriction

    warm_queries(client, seed_article.url)
    PageViewRestriction.objects.create(page=seed_article.get_parent(), restriction_type="login")
    response = client.get(seed_article.url)
    assert response.status_code == 302 and "login" in response["Location"]
