"""The public endpoints: what is counted, what is refused, caching headers, cookies, privacy."""

from __future__ import annotations

import json
import logging
import pickle
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from cong.search.index import FTS_EXACT, FTS_FOLDED
from cong.stats import backends
from cong.stats.counting import visitor_hash
from cong.stats.views import MAX_BODY_BYTES

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


def post_hit(
    client: Client, path: str | bytes, ip: str = "198.51.100.23", ua: str = BROWSER, **extra: Any
) -> Any:
    return client.post(
        "/stats/hit", data=path, content_type="text/plain", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **extra
    )


def summary(client: Client, path: str | None = None) -> dict[str, int]:
    response = client.get("/stats/summary.json", {"p": path} if path else {})
    assert response.status_code == 200, response.content
    return json.loads(response.content)


@pytest.fixture
def article_path(seed_article: Any) -> str:
    return seed_article.url


def test_a_page_view_is_counted_without_cookies_or_caching(client: Client, article_path: str) -> None:
    response = post_hit(client, article_path)
    assert response.status_code == 204
    assert response["X-Cong-Stats"] == "counted"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    data = summary(client, article_path)
    assert data == {"online": 1, "today": 1, "week": 1, "month": 1, "total": 1, "views": 1}


def test_numbers_move_when_a_new_visitor_comes(client: Client, article_path: str) -> None:
    post_hit(client, article_path, ip="198.51.100.1")
    post_hit(client, article_path, ip="198.51.100.1")  # same reader again: one visitor, two views
    before = summary(client, article_path)
    post_hit(client, "/", ip="2001:db8::42")
    after = summary(client, article_path)
    assert (before["today"], before["views"]) == (1, 2)
    assert (after["today"], after["online"], after["total"], after["views"]) == (2, 2, 2, 2)


def test_summary_is_cacheable_for_ten_seconds_and_sets_no_cookie(client: Client, db: Any) -> None:
    response = client.get("/stats/summary.json")
    assert response["Cache-Control"] == "public, max-age=10"
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"online", "today", "week", "month", "total"}
    assert not response.cookies


@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "python-requests/2.32.0",
        "",
    ],
)
def test_bots_are_not_counted(client: Client, article_path: str, ua: str) -> None:
    response = post_hit(client, article_path, ua=ua)
    assert (response.status_code, response["X-Cong-Stats"]) == (204, "ignored-bot")
    assert summary(client)["total"] == 0


def test_logged_in_editors_are_not_counted(client: Client, article_path: str, django_user_model: Any) -> None:
    editor = django_user_model.objects.create_user("bientap", password="mat-khau-dai-1")
    client.force_login(editor)
    response = post_hit(client, article_path)
    assert response["X-Cong-Stats"] == "ignored-editor"
    assert summary(Client())["total"] == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
    ],
)
def test_prefetch_and_prerender_are_not_counted(
    client: Client, article_path: str, header: dict[str, str]
) -> None:
    response = post_hit(client, article_path, **header)
    assert response["X-Cong-Stats"] == "ignored-prefetch"
    assert summary(client)["total"] == 0


def test_previews_carry_no_counter_and_admin_paths_are_refused(
    client: Client, seed_article: Any, django_user_model: Any
) -> None:
    preview = seed_article.make_preview_request()
    html = preview.rendered_content if hasattr(preview, "rendered_content") else preview.content.decode()
    assert "data-stats-box" in html and "stats.js" not in html and "hit.gif" not in html
    for path in (
        f"/admin/pages/{seed_article.pk}/edit/preview/",
        f"/admin/pages/{seed_article.pk}/view_draft/",
    ):
        assert post_hit(client, path).status_code == 404
    assert summary(client)["total"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/static/core/css/site.css",
        "/media/images/a.jpg",
        "/documents/1/a.pdf",
        "/khong-co-trang-nay/",
        "/stats/hit",
        "/thong-ke/",
    ],
)
def test_paths_that_are_not_public_pages_are_refused(client: Client, article_path: str, path: str) -> None:
    response = post_hit(client, path)
    assert (response.status_code, response["X-Cong-Stats"]) == (404, "not-a-page")
    assert summary(client)["total"] == 0


def test_unpublished_and_private_pages_are_refused(client: Client, seed_article: Any) -> None:
    from wagtail.models import PageViewRestriction

    category = seed_article.get_parent()
    PageViewRestriction.objects.create(page=category, restriction_type="password", password="mat-khau")
    assert post_hit(client, seed_article.url).status_code == 404
    assert post_hit(client, category.url).status_code == 404
    PageViewRestriction.objects.all().delete()
    seed_article.unpublish()
    backends._backend = None
    from cong.stats.filters import resolver

    resolver.clear()
    assert post_hit(client, seed_article.url).status_code == 404
    assert post_hit(client, "/").status_code == 204


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 400),
        (b"thoi-su/", 400),
        (b"//evil.example/", 400),
        (b"/thoi-su/\x00/", 400),
        (b"/\xff\xfe/", 400),
        (b"/%ff/", 400),
        (b"/" + b"a" * (MAX_BODY_BYTES + 10), 413),
    ],
)
def test_garbage_gets_a_4xx_never_a_500(client: Client, article_path: str, body: bytes, status: int) -> None:
    assert post_hit(client, body).status_code == status


def test_wrong_method_huge_user_agent_and_foreign_origin(client: Client, article_path: str) -> None:
    assert client.get("/stats/hit").status_code == 405
    assert post_hit(client, article_path, ua="Mozilla/5.0 " + "x" * 5000).status_code == 400
    foreign = post_hit(client, article_path, HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403
    assert post_hit(client, article_path, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert post_hit(client, article_path, HTTP_ORIGIN="http://testserver").status_code == 204
    assert summary(client)["total"] == 1


def test_query_and_fragment_are_ignored(client: Client, article_path: str) -> None:
    assert post_hit(client, article_path + "?utm_source=zalo#binh-luan").status_code == 204
    assert summary(client, article_path)["views"] == 1


def test_noscript_pixel_counts_public_pages_only(client: Client, article_path: str) -> None:
    ok = client.get(
        "/stats/hit.gif", {"p": article_path}, REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT=BROWSER
    )
    assert (ok.status_code, ok["Content-Type"], ok["Cache-Control"]) == (200, "image/gif", "no-store")
    assert ok.content.startswith(b"GIF89a") and not ok.cookies
    for bad in ("/admin/", "/stats/summary.json", "/khong-co/", "https://evil.example/"):
        response = client.get("/stats/hit.gif", {"p": bad}, HTTP_USER_AGENT=BROWSER)
        assert response.status_code in (400, 404), bad
    assert client.get("/stats/hit.gif", HTTP_USER_AGENT=BROWSER).status_code == 400
    assert client.post("/stats/hit.gif").status_code == 405
    assert summary(client, article_path)["views"] == 1


def test_seed_article_page_has_the_box_script_pixel_and_views(client: Client, article_path: str) -> None:
    html = client.get(article_path).content.decode()
    assert "data-stats-box" in html and "/static/stats/js/stats.js" in html
    assert f'/stats/hit.gif?p={article_path}"' in html and "<noscript>" in html
    assert "data-stats-views" in html and "Lượt xem" in html
    assert 'href="/thong-ke/quyen-rieng-tu/"' in html


def test_stats_and_privacy_pages(client: Client, article_path: str) -> None:
    post_hit(client, article_path)
    page = client.get("/thong-ke/")
    assert page.status_code == 200 and page["Cache-Control"] == "public, max-age=10"
    text = page.content.decode()
    assert "Hôm nay" in text and "<dd>1</dd>" in text
    privacy = client.get("/thong-ke/quyen-rieng-tu/").content.decode()
    for phrase in ("Không dùng cookie", "48 giờ", "địa chỉ IP", "0 giờ thứ Hai"):
        assert phrase in privacy


IPS = ["198.51.100.213", "2001:db8:85a3::8a2e:370:7334", "203.0.113.197"]


def _cache_dump() -> bytes:
    if settings.REDIS_URL:
        client = backends.get_backend().redis
        chunks = []
        for key in client.scan_iter(match="*", count=1000):
            kind = client.type(key)
            value = {
                b"string": lambda k: client.get(k),
                b"set": lambda k: b" ".join(client.smembers(k)),
                b"hash": lambda k: repr(client.hgetall(k)).encode(),
                b"zset": lambda k: repr(client.zrange(k, 0, -1, withscores=True)).encode(),
                b"list": lambda k: b" ".join(client.lrange(k, 0, -1)),
            }.get(kind, lambda k: b"")(key)
            chunks.append(key + b"=" + (value or b""))
        return b"\n".join(chunks)
    chunks = []
    for path in Path(settings.CACHES["default"]["LOCATION"]).rglob("*.djcache"):
        with path.open("rb") as f:  # Django's file cache: pickled expiry, then a zlib-compressed pickle
            pickle.load(f)
            chunks.append(repr(pickle.loads(zlib.decompress(f.read()))).encode())
    return b"\n".join(chunks)


def test_no_ip_address_in_database_cache_or_logs(
    client: Client, article_path: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cache.set("probe", "the cache is scanned")
    # Two browsers per address, with User-Agents in different buckets of the day (two User-Agents
    # share one of the STATS_VISITORS_PER_ADDRESS buckets by chance; see counting.visitor_hash).
    salt = backends.get_backend().salt(timezone.now())
    for n, ip in enumerate(IPS):
        first = f"{BROWSER} v{n}"
        second = next(
            ua
            for ua in (f"{BROWSER} w{k}" for k in range(100))
            if visitor_hash(salt, ip, ua, 1) != visitor_hash(salt, ip, first, 1)
        )
        assert post_hit(client, article_path, ip=ip, ua=first).status_code == 204
        client.get("/stats/hit.gif", {"p": "/"}, REMOTE_ADDR=ip, HTTP_USER_AGENT=second)
    summary(client, article_path)
    backends.get_backend().flush(timezone.now())
    assert summary(client)["today"] == 2 * len(IPS)
    dump = []
    with connection.cursor() as cursor:
        # The search index's contentless FTS5 tables hold no rows of their own (SQLite refuses to scan
        # them); what they index is in their shadow tables (…_data, …_idx), which are scanned.
        contentless = {FTS_EXACT, FTS_FOLDED} if connection.vendor == "sqlite" else set()
        for table in set(connection.introspection.table_names()) - contentless:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump.append(repr(cursor.fetchall()))
    database = "\n".join(dump)
    cached = _cache_dump().decode("utf-8", "replace")
    assert "the cache is scanned" in cached
    for ip in IPS:
        for place, text in (("database", database), ("cache", cached), ("logs", caplog.text)):
            assert ip not in text, f"{ip} found in {place}"
            assert ip.replace(":", "") not in text.replace(":", ""), f"{ip} found in {place}"


def test_cookieless_hits_take_the_fast_lane_and_sessions_the_full_stack(rf: Any, article_path: str) -> None:
    from cong.stats.middleware import StatsHitMiddleware

    def full_stack(request: Any) -> Any:
        raise AssertionError("the fast lane should have answered")

    request = rf.post("/stats/hit", data=article_path, content_type="text/plain", HTTP_USER_AGENT=BROWSER)
    assert StatsHitMiddleware(full_stack)(request)["X-Cong-Stats"] == "counted"
    calls = []
    with_session = rf.post(
        "/stats/hit", data=article_path, content_type="text/plain", HTTP_USER_AGENT=BROWSER
    )
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    StatsHitMiddleware(lambda r: calls.append(r) or HttpResponse(status=204))(with_session)
    assert calls == [with_session]
    assert "cong.stats.middleware.StatsHitMiddleware" in settings.MIDDLEWARE


def test_forged_host_header_is_a_400(article_path: str) -> None:
    client = Client(raise_request_exception=False)  # as a server answers, not re-raised into the test
    assert post_hit(client, article_path, HTTP_HOST="evil.example").status_code == 400
    assert client.get("/stats/hit.gif", {"p": article_path}, HTTP_HOST="evil.example").status_code == 400
    assert client.get("/stats/summary.json", HTTP_HOST="evil.example").status_code == 400


def test_only_a_page_at_its_own_address_asks_to_be_counted(client: Client, article_path: str) -> None:
    """Elsewhere the beacon would get a 404 (not-a-page), which browsers log as a console error."""
    assert "data-stats-count" in client.get(article_path).content.decode()
    for path in ("/tim-kiem/?q=H%E1%BA%A3i+Ph%C3%B2ng", "/thong-ke/", "/trang-khong-ton-tai/"):
        html = client.get(path).content.decode()
        assert "data-stats-box" in html and "data-stats-count" not in html and "hit.gif" not in html, path
