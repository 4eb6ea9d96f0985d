"""Fifty component sites on one installation: host and path-prefix routing, queries, the page cache."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cong.sites.models import ArticleShare, ShareStatus

SITES = 50


@pytest.fixture
def fifty(make_site: Any, publish_article: Any) -> list[dict[str, Any]]:
    """50 sites: even ones on their own host, odd ones under a path of the city's host."""
    started = time.perf_counter()
    made = []
    for n in range(1, SITES + 1):
        if n % 2:
            component = make_site(f"Xã mẫu {n}", path_prefix=f"xa-mau-{n}")
        else:
            component = make_site(f"Phường mẫu {n}", host=f"phuong-mau-{n}.localhost")
        made.append({"site": component, "n": n})
    assert time.perf_counter() - started < SITES * 2  # seconds per site, on a busy test machine
    for item in (made[0], made[1], made[-1]):
        item["article"] = publish_article(item["site"], f"Tin riêng số {item['n']}")
    return made


def host_and_path(item: dict[str, Any], path: str = "/") -> tuple[str, str]:
    component = item["site"]
    if component.path_prefix:
        return "localhost", f"/{component.path_prefix}{path}"
    return component.site.hostname, path


def test_each_of_fifty_sites_answers_on_its_host_or_path(fifty: list[dict[str, Any]], client: Client) -> None:
    for item in fifty:
        host, path = host_and_path(item)
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, (host, path)
        assert item["site"].name in response.content.decode(), (host, path)
        host, path = host_and_path(item, "/thong-bao/")
        assert client.get(path, HTTP_HOST=host).status_code == 200, (host, path)
    for item in (fifty[0], fifty[1], fifty[-1]):
        host, _ = host_and_path(item)
        url = item["article"].get_url()
        assert item["article"].title in client.get(url, HTTP_HOST=host).content.decode()
    # An article of one site is not found under another site's host.
    other = fifty[1]["site"].site.hostname
    assert client.get(fifty[-1]["article"].url_path.split("/", 2)[2], HTTP_HOST=other).status_code == 404


def queries(client: Client, host: str, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=host, HTTP_CACHE_CONTROL="no-cache")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_an_article_costs_the_same_queries_on_site_1_and_site_50(
    fifty: list[dict[str, Any]], client: Client, settings: Any
) -> None:
    settings.PAGECACHE_ENABLED = False  # count the render, not a cache hit
    counts = {}
    for item in (fifty[1], fifty[-1]):  # both host-mode sites
        host, _ = host_and_path(item)
        url = item["article"].get_url()
        queries(client, host, url)  # warm Wagtail's site root paths and the route cache
        counts[item["n"]] = queries(client, host, url)
    assert counts[2] == counts[SITES], counts


def test_publishing_on_one_site_leaves_the_others_warm(
    fifty: list[dict[str, Any]], client: Client, publish_article: Any
) -> None:
    one, other = fifty[1], fifty[-1]
    pages = [(*host_and_path(one), one), (*host_and_path(other), other), ("localhost", "/", None)]
    for host, path, _ in pages:
        client.get(path, HTTP_HOST=host)  # a site's first request creates its settings rows (a change)
        client.get(path, HTTP_HOST=host)
        assert client.get(path, HTTP_HOST=host)["X-Page-Cache"] == "hit", host

    publish_article(one["site"], "Tin mới của phường 2")
    response = client.get(pages[0][1], HTTP_HOST=pages[0][0])
    assert response["X-Page-Cache"] == "miss" and "Tin mới của phường 2" in response.content.decode()
    assert client.get(pages[1][1], HTTP_HOST=pages[1][0])["X-Page-Cache"] == "hit"
    assert client.get("/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"


def test_a_shared_article_appears_on_the_city_portal_and_its_edits_flow(
    fifty: list[dict[str, Any]], client: Client
) -> None:
    item = fifty[-1]
    article = item["article"]
    ArticleShare.objects.create(article=article, status=ShareStatus.APPROVED)
    client.get("/tin-cong-thanh-phan/", HTTP_HOST="localhost")
    html = client.get("/tin-cong-thanh-phan/", HTTP_HOST="localhost").content.decode()
    assert article.title in html and f"Nguồn: <strong>{item['site'].name}</strong>" in html
    assert f'href="{article.get_full_url()}"' in html  # the original, on its own site
    assert client.get("/tin-cong-thanh-phan/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"

    article.title = "Tiêu đề đã sửa ở cổng gốc"
    article.save_revision().publish()
    html = client.get("/tin-cong-thanh-phan/", HTTP_HOST="localhost").content.decode()
    assert "Tiêu đề đã sửa ở cổng gốc" in html
    assert client.get("/tin-cong-thanh-phan/", HTTP_HOST=item["site"].site.hostname).status_code == 404
