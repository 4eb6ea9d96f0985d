"""Consultations (Lấy ý kiến dự thảo) in the portal-wide search /tim-kiem/ and /api/v2/tim-kiem/: found
with and without diacritics, ranked with articles on the same scale, their status in the result, their
own type filter; consultations not yet open or of another site are never found."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

from cong.news.models import ArticlePage, CategoryPage
from cong.participation.models import Consultation
from cong.search.tests.html import facets, headings

from .test_consultation import make_consultation

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/"
API = "/api/v2/tim-kiem/"


@pytest.fixture
def consultations(site: Site) -> dict[str, Consultation]:
    now = timezone.now()
    return {
        "open": make_consultation(
            site,
            title="Dự thảo Quy định bồi thường giải phóng mặt bằng",
            slug="boi-thuong",
            summary="Quy định mức bồi thường khi Nhà nước thu hồi đất.",
            closes_at=now + timedelta(days=10),
        ),
        "closed": make_consultation(
            site,
            title="Dự thảo Quy chế phối hợp quản lý chợ",
            slug="quan-ly-cho",
            summary="Phân công trách nhiệm các sở trong bồi thường khi giải tỏa chợ.",
            opens_at=now - timedelta(days=60),
            closes_at=datetime(2026, 1, 31, 17, 0, tzinfo=timezone.get_current_timezone()),
        ),
        "future": make_consultation(
            site,
            title="Dự thảo Quy định bồi thường cây trồng",
            slug="chua-mo",
            opens_at=now + timedelta(days=3),
            closes_at=now + timedelta(days=30),
        ),
    }


@pytest.fixture
def article(site: Site) -> ArticlePage:
    home = site.root_page.specific
    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    return category.add_child(
        instance=ArticlePage(
            title="Tiến độ bồi thường dự án vành đai",
            slug="vanh-dai",
            lede="Hơn 90% diện tích đã được bàn giao.",
            body=[("text", "<p>Nội dung.</p>")],
            published_at=timezone.make_aware(datetime(2024, 5, 1, 9, 0)),
        )
    )


@pytest.mark.parametrize("query", ["bồi thường", "boi thuong", "BOI THUONG"])
def test_found_with_and_without_diacritics(
    client: Client, consultations: dict[str, Consultation], query: str
) -> None:
    html = client.get(URL, {"q": query}).content.decode()
    assert headings(html) == [
        "Dự thảo Quy định bồi thường giải phóng mặt bằng",  # in the title
        "Dự thảo Quy chế phối hợp quản lý chợ",  # in the summary only
    ]
    assert "Dự thảo Quy định bồi thường cây trồng" not in html  # opens in three days


def test_status_and_closing_date_in_the_result(
    client: Client, consultations: dict[str, Consultation]
) -> None:
    html = client.get(URL, {"q": "boi thuong"}).content.decode()
    results = re.findall(r'<li class="search-result">.*?</li>', html, re.S)
    closes = timezone.localtime(consultations["open"].closes_at).strftime("%d/%m/%Y")
    assert "Lấy ý kiến" in results[0] and f"Đang lấy ý kiến đến {closes}" in results[0]
    assert "Văn phòng UBND" in results[0]
    assert "Đã kết thúc ngày 31/01/2026" in results[1]
    assert 'href="/lay-y-kien/boi-thuong/"' in results[0]


def test_ranked_with_articles_and_in_the_type_filter(
    client: Client, consultations: dict[str, Consultation], article: ArticlePage
) -> None:
    html = client.get(URL, {"q": "bồi thường"}).content.decode()
    assert headings(html) == [
        "Dự thảo Quy định bồi thường giải phóng mặt bằng",  # title (6), newest
        "Tiến độ bồi thường dự án vành đai",  # title (6), 2024
        "Dự thảo Quy chế phối hợp quản lý chợ",  # summary (5)
    ]
    assert facets(html) == ["Tất cả (3)", "Tin bài (1)", "Lấy ý kiến (2)"]
    only = client.get(URL, {"q": "bồi thường", "loai": "lay-y-kien"}).content.decode()
    assert headings(only) == [
        "Dự thảo Quy định bồi thường giải phóng mặt bằng",
        "Dự thảo Quy chế phối hợp quản lý chợ",
    ]
    assert '<span aria-current="page">Lấy ý kiến (2)</span>' in only
    assert 'href="/lay-y-kien/"' in only  # "Tìm nâng cao" leads to the consultations' list
    articles = client.get(URL, {"q": "bồi thường", "loai": "tin-bai"}).content.decode()
    assert headings(articles) == ["Tiến độ bồi thường dự án vành đai"]


def test_the_draft_text_is_the_body_tier(client: Client, consultations: dict[str, Consultation]) -> None:
    html = client.get(URL, {"q": "thoi han tra loi"}).content.decode()  # "Điều 3. Thời hạn trả lời"
    assert headings(html) == [  # the same score: the newest first
        "Dự thảo Quy định bồi thường giải phóng mặt bằng",
        "Dự thảo Quy chế phối hợp quản lý chợ",
    ]
    snippets = re.findall(r'<p class="search-snippet">(.*?)</p>', html)
    assert len(snippets) == 2 and all("<mark>trả</mark> <mark>lời</mark> câu hỏi" in s for s in snippets)


def test_in_the_api(client: Client, consultations: dict[str, Consultation], article: ArticlePage) -> None:
    answer = client.get(API, {"q": "boi thuong"}).json()
    assert answer["counts"] == {"tat-ca": 3, "tin-bai": 1, "lay-y-kien": 2}
    first = answer["results"][0]
    assert first["type"] == "lay-y-kien" and first["type_label"] == "Lấy ý kiến"
    assert first["title"] == "Dự thảo Quy định bồi thường giải phóng mặt bằng"
    assert first["url"] == "http://testserver/lay-y-kien/boi-thuong/"
    assert first["status"] == "dang-lay-y-kien"
    assert first["closes_at"] == timezone.localtime(consultations["open"].closes_at).isoformat()
    assert answer["results"][2]["status"] == "da-ket-thuc"
    only = client.get(API, {"q": "boi thuong", "loai": "lay-y-kien"}).json()
    assert [r["url"].split("/")[-2] for r in only["results"]] == ["boi-thuong", "quan-ly-cho"]
    assert "chua-mo" not in str(client.get(API, {"q": "cay trong"}).json())


def test_not_yet_open_and_other_sites_are_not_found(
    client: Client, consultations: dict[str, Consultation], site: Site, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "quan1.example"]
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Quận Một", slug="quan-mot"))
    other = Site.objects.create(hostname="quan1.example", port=80, root_page=other_root, site_name="Quận 1")
    make_consultation(other, title="Dự thảo bồi thường kênh Nhiêu Lộc", slug="nhieu-loc")
    for query in ("cây trồng", "cay trong", "nhiêu lộc", "nhieu loc"):
        html = client.get(URL, {"q": query}).content.decode()
        assert not any(h.startswith("Dự thảo") for h in headings(html)) and not facets(html), query
        assert "lay-y-kien" not in client.get(API, {"q": query}).json()["counts"]
    on_other = Client(HTTP_HOST="quan1.example").get(URL, {"q": "boi thuong"}).content.decode()
    assert headings(on_other) == ["Dự thảo bồi thường kênh Nhiêu Lộc"]


def test_opening_and_edits_reach_cached_results(
    client: Client, consultations: dict[str, Consultation], settings: Any, time_machine: Any
) -> None:
    """The rendered results are cached: an edit bumps the site's pages, and the moment a draft opens
    or closes caps the lifetime of what was rendered before it."""
    settings.PAGECACHE_FRAGMENTS = True
    item = consultations["future"]
    item.opens_at = timezone.now() + timedelta(hours=2)  # well within the cache's lifetime (a day)
    item.save()
    assert headings(client.get(URL, {"q": "cay trong"}).content.decode()) == []
    time_machine.move_to(item.opens_at + timedelta(minutes=1))
    found = headings(client.get(URL, {"q": "cay trong"}).content.decode())
    assert found == ["Dự thảo Quy định bồi thường cây trồng"]
    item.title = "Dự thảo Quy định hỗ trợ cây trồng"
    item.save()
    found = headings(client.get(URL, {"q": "cay trong"}).content.decode())
    assert found == ["Dự thảo Quy định hỗ trợ cây trồng"]


def test_next_change_is_the_next_opening_or_closing(consultations: dict[str, Consultation]) -> None:
    from cong.participation.searching import next_change

    assert next_change() == consultations["future"].opens_at  # in 3 days; "open" closes in 10
    consultations["future"].delete()
    assert next_change() == consultations["open"].closes_at
