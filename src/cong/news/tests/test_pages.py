"""Public news pages: home, category, article, print view; and their SQL query budget."""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cong.core.testing import visible_text
from cong.news.models import ARTICLES_PER_PAGE, ArticlePage


def make_articles(import_records: Any, n: int, category: str = "Kinh tế", **extra: Any) -> None:
    records = [
        {
            "title": f"Tin số {i:02d} về {category}",
            "lede": f"Sapo {i}",
            "body": f"Nội dung {i}",
            "published_at": f"2022-01-{1 + i % 28:02d}T{8 + i // 28:02d}:00:00+07:00",
            "category": category,
            **extra,
        }
        for i in range(n)
    ]
    report = import_records(records)
    assert report.ok, report.errors


def test_home_page_shows_featured_and_categories(seed_article: Any, import_records: Any, client: Any) -> None:
    make_articles(import_records, 3, "Kinh tế")
    html = client.get("/").content.decode()
    assert "Tin nổi bật" in html
    assert f'href="{seed_article.url}"' in html  # the seed is reachable from the home page
    assert 'href="/kinh-te/"' in html
    assert "Tin số 02 về Kinh tế" in html


def test_category_is_paginated_newest_first(import_records: Any, client: Any) -> None:
    make_articles(import_records, ARTICLES_PER_PAGE + 5)
    first = visible_text(client.get("/kinh-te/").content.decode())
    titles = re.findall(r"Tin số (\d+) về", first)
    assert len(titles) == ARTICLES_PER_PAGE
    dates = [a.published_at for a in ArticlePage.objects.order_by("-published_at")]
    newest = ArticlePage.objects.get(published_at=dates[0])
    assert titles[0] == newest.title.split()[2]
    second = client.get("/kinh-te/?trang=2").content.decode()
    assert len(re.findall(r"Tin số \d+ về", visible_text(second))) == 5
    assert client.get("/kinh-te/?trang=3").status_code == 404
    assert client.get("/kinh-te/?trang=abc").status_code == 404


def test_article_metadata(seed_article: Any, client: Any) -> None:
    html = client.get(seed_article.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed_article.title
    assert data["datePublished"] == "2021-12-01T08:30:00+07:00"
    assert [a["name"] for a in data["author"]] == ["Hoàng Tùng", "Đàm Thanh"]
    assert '<meta property="og:title" content="Đoàn công tác' in html
    assert 'property="og:image"' in html
    assert '<nav class="breadcrumbs' in html and 'href="/thoi-su/"' in html
    assert "facebook.com/sharer" in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in scripts), scripts  # self-hosted scripts only


def test_related_articles_come_from_the_same_category(
    seed_article: Any, import_records: Any, client: Any
) -> None:
    make_articles(import_records, 2, "Thời sự")
    make_articles(import_records, 2, "Kinh tế")
    html = client.get(seed_article.url).content.decode()
    related = html.split('id="related-title"', 1)[1]
    assert "Tin số 00 về Thời sự" in related and "Tin số 01 về Thời sự" in related
    assert "Kinh tế" not in related.split("</section>")[0]


def test_print_view(seed_article: Any, client: Any) -> None:
    response = client.get(seed_article.url + "in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="robots" content="noindex"' in html
    assert "Hoàng Tùng - Đàm Thanh" in html
    assert "site.css" not in html and "print.css" in html
    assert seed_article.url in html


def test_unknown_page_is_a_vietnamese_404(home: Any, client: Any) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


# Count a full render: no page-cache hit, no cached fragments (cong.pagecache tests the warm budgets).
@override_settings(PAGECACHE_ENABLED=False, PAGECACHE_FRAGMENTS=False)
def count_queries(client: Any, url: str) -> int:
    client.get(url)  # warm-up: renditions are created on first view
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_article_query_count_does_not_grow_with_photos_or_related(
    import_records: Any, write_image: Any, client: Any
) -> None:
    def article_with(photos: int, siblings: int, category: str) -> str:
        body = "".join(
            f'<p>Đoạn {i}</p><figure><img src="{write_image(f"{category}{i}.jpg", f"Ảnh {i}")}">'
            f"<figcaption>Ảnh {i}</figcaption></figure>"
            for i in range(photos)
        )
        make_articles(import_records, siblings, category)
        report = import_records(
            [{"title": f"Bài {category}", "body": body, "category": category}], name="a.jsonl"
        )
        assert report.ok, report.errors
        return ArticlePage.objects.get(title=f"Bài {category}").url

    small = count_queries(client, article_with(1, 1, "Nhỏ"))
    large = count_queries(client, article_with(6, 5, "Lớn"))
    assert small == large
    # Cold render (no fragments kept): since the English version, also the language versions of the
    # page (switch and hreflang), the main menu, the linked portals and their settings (cong.i18n,
    # cong.navigation); warm renders keep their budgets (pagecache/tests/test_render.py).
    assert small <= 33, small


def test_category_and_home_query_counts_are_bounded(import_records: Any, client: Any) -> None:
    make_articles(import_records, 3, "Kinh tế")
    small_home, small_cat = count_queries(client, "/"), count_queries(client, "/kinh-te/")
    make_articles(import_records, 25, "Kinh tế")
    assert count_queries(client, "/") == small_home
    assert count_queries(client, "/kinh-te/") == small_cat
    assert small_home <= 30 and small_cat <= 28, (small_home, small_cat)  # cold: see the article test


def test_forged_host_is_a_plain_400_not_a_500(seed_article: Any, client: Any) -> None:
    """The 400 page must not need the site (it is resolved from the very Host header that failed)."""
    client.raise_request_exception = False
    for url in ("/", seed_article.url, "/khong-co/"):
        response = client.get(url, HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_deep_paths_are_refused_without_a_clause_per_segment(home: Any, client: Any) -> None:
    """HomePage.route answers 404 for more than MAX_PATH_SEGMENTS segments before building its query."""
    path = "/" + "/".join(f"doan-{n}" for n in range(1, 400)) + "/"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 404
    page_lookups = [q["sql"] for q in queries.captured_queries if "slug" in q["sql"]]
    assert not any("doan-13" in sql for sql in page_lookups)
    assert client.get("/" + "/".join(["x"] * 12) + "/").status_code == 404  # 12 segments: looked up
