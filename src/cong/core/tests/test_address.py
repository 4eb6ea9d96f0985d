"""One public address: sitemap, API, canonical, Open Graph and robots.txt all follow CONG_BASE_URL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.models import Site

from cong.core.address import address_mismatch, sync_default_site

BASE = "http://127.0.0.1:8100"


@pytest.fixture
def public_client() -> Client:
    # A request on another name than the public one: nothing may echo it back.
    return Client(HTTP_HOST="localhost:8000")


@override_settings(BASE_URL=BASE, ALLOWED_HOSTS=["localhost", "127.0.0.1"])
def test_every_absolute_url_uses_the_public_address(seed_article: Any, public_client: Client) -> None:
    assert address_mismatch() is not None  # the migration's Site record says localhost:80
    assert sync_default_site() is True
    assert address_mismatch() is None
    assert sync_default_site() is False  # idempotent

    sitemap = public_client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(BASE + "/") for loc in locs), locs

    api = public_client.get("/api/v2/pages/", {"type": "news.ArticlePage", "fields": "_,html_url,detail_url"})
    assert api.status_code == 200
    items = api.json()["items"]
    assert items
    for item in items:
        assert item["meta"]["html_url"].startswith(BASE + "/")
        assert item["meta"]["detail_url"].startswith(BASE + "/api/v2/pages/")

    html = public_client.get(seed_article.url).content.decode()
    expected = BASE + seed_article.url
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    assert f'"url": "{expected}"' in html  # JSON-LD
    assert "localhost" not in html

    robots = public_client.get("/robots.txt").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


@override_settings(BASE_URL="https://cong.example.gov.vn")
def test_https_address_sets_port_443(db: Any) -> None:
    sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("cong.example.gov.vn", 443)
    assert site.root_url == "https://cong.example.gov.vn"


@override_settings(BASE_URL=BASE)
def test_sync_site_command_and_mismatch_warning(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    warning = address_mismatch()
    assert warning and BASE in warning and "sync_site" in warning
    call_command("sync_site")
    assert "đã cập nhật" in capsys.readouterr().out
    assert address_mismatch() is None
