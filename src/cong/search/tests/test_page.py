"""The public search page /tim-kiem/: results, snippets, filters, pagination, bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cong.core.testing import visible_text

URL = "/tim-kiem/"


def result_titles(html: str) -> list[str]:
    items = re.findall(
        r'<li class="search-result">\s*<h2 class="card-title"><a href="[^"]*">(.*?)</a>', html, re.S
    )
    return [re.sub(r"</?mark>", "", item) for item in items]


@pytest.mark.django_db
def test_results_count_date_and_highlighted_snippet(client: Client, corpus: dict[str, Any]) -> None:
    response = client.get(URL, {"q": "da nang ban hang"})
    assert response.status_code == 200
    html = response.content.decode()
    assert result_titles(html) == ["Đà Nẵng hỗ trợ doanh nghiệp nhỏ"]
    assert "Tìm thấy 1 kết quả" in visible_text(html)
    assert "Thứ Tư, 01/05/2024 09:00" in html
    # Folded query, accented text: both title words and snippet words are marked.
    assert "<mark>Đà</mark> <mark>Nẵng</mark>" in html
    assert "hướng dẫn <mark>bán</mark> <mark>hàng</mark> trực tuyến" in html
    assert response["Cache-Control"] == "public, max-age=60" or set(
        response["Cache-Control"].split(", ")
    ) == {
        "public",
        "max-age=60",
    }


@pytest.mark.django_db
def test_exact_query_highlights_folded_text(client: Client, corpus: dict[str, Any]) -> None:
    html = client.get(URL, {"q": "thuỷ"}).content.decode()
    assert "<mark>Thuỷ</mark> điện Sơn La" in html
    assert "<mark>Thủy</mark> lợi Hòa Bình" in html
    html = client.get(URL, {"q": "42/2022"}).content.decode()
    assert "<mark>42/2022/NĐ-CP</mark>" in html


@pytest.mark.django_db
def test_category_and_date_filters(client: Client, corpus: dict[str, Any]) -> None:
    thoi_su = corpus["categories"]["thoi-su"]
    html = client.get(URL, {"q": "ban hành", "chuyen_muc": thoi_su.pk}).content.decode()
    assert set(result_titles(html)) == {corpus["ban_hanh"].title, corpus["nghi_dinh"].title}
    kinh_te = corpus["categories"]["kinh-te"]
    html = client.get(URL, {"q": "ban hành", "chuyen_muc": kinh_te.pk}).content.decode()
    assert result_titles(html) == []
    assert "Không tìm thấy kết quả nào" in visible_text(html)
    html = client.get(URL, {"q": "cảng biển", "tu": "2024-05-12", "den": "12/05/2024"}).content.decode()
    assert result_titles(html) == [corpus["cang_lede"].title]


@pytest.mark.django_db
def test_pagination(client: Client, corpus: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cong.search.views.ARTICLES_PER_PAGE", 2)
    first = client.get(URL, {"q": "cang bien"}).content.decode()
    second = client.get(URL, {"q": "cang bien", "trang": 2}).content.decode()
    assert result_titles(first) == [corpus["cang_title"].title, corpus["cang_lede"].title]
    assert result_titles(second) == [corpus["cang_body"].title]
    assert 'href="?q=cang+bien&amp;trang=2"' in first
    assert client.get(URL, {"q": "cang bien", "trang": 9}).status_code == 404
    assert client.get(URL, {"q": "cang bien", "trang": "x"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 200),
        ({"q": ""}, 200),
        ({"q": "   "}, 200),
        ({"q": '" * ^ ( ) : NEAR OR AND -'}, 200),
        ({"q": "x" * 5000}, 400),
        ({"q": "a\x00b"}, 400),
        ({"q": "Đà Nẵng", "tu": "31/02/2024"}, 400),
        ({"q": "Đà Nẵng", "tu": "2024-05-10", "den": "2024-05-01"}, 400),
        ({"q": "Đà Nẵng", "chuyen_muc": "999999"}, 400),
        ({"q": "Đà Nẵng", "chuyen_muc": "<b>"}, 400),
    ],
)
def test_bad_input(client: Client, corpus: dict[str, Any], params: dict[str, str], status: int) -> None:
    response = client.get(URL, params)
    assert response.status_code == status
    assert "<h1" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw", ["q=%ED%A0%80", "q=%C0%AF", "q=%FF%FE", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q=%22%3E%3Cb%3E"]
)
def test_hostile_bytes_are_never_reflected_unescaped(
    client: Client, corpus: dict[str, Any], raw: str
) -> None:
    response = client.get(f"{URL}?{raw}")
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html and '"><b>' not in html
