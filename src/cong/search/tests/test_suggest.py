"""GET /tim-kiem/goi-y/?q=…: titles (prefix, unaccented) and document numbers; bad input is a 4xx or an
empty list, never a 5xx; cacheable; one site's pages only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/goi-y/"


def labels(client: Client, query: str) -> list[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200, response.content
    return [item["label"] for item in response.json()["suggestions"]]


@pytest.mark.parametrize("query", ["da na", "Đà Nẵ", "DA NANG HO", "đà nẵng hỗ trợ doanh"])
def test_titles_by_prefix_with_or_without_marks(client: Client, corpus: dict[str, Any], query: str) -> None:
    assert labels(client, query) == ["Đà Nẵng hỗ trợ doanh nghiệp nhỏ"]


def test_newest_first_and_whole_words_before_the_last(client: Client, corpus: dict[str, Any]) -> None:
    assert labels(client, "hai pho") == [
        "Hội nghị bạn hàng quốc tế tại Hải Phòng",
        "Hải Phòng ban hành kế hoạch phòng, chống thiên tai",
    ]
    assert labels(client, "ai phong") == []  # earlier words are whole words, not prefixes


def test_only_titles_and_only_live_pages(client: Client, corpus: dict[str, Any]) -> None:
    assert labels(client, "hợp tác") == []  # in a body, not a title
    corpus["ban_hang"].unpublish()
    assert labels(client, "da nang") == []


def test_answer_is_json_and_cacheable(client: Client, corpus: dict[str, Any]) -> None:
    response = client.get(URL, {"q": "thuy"})
    assert response["Content-Type"] == "application/json"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    data = response.json()
    assert data["q"] == "thuy"
    assert {item["type"] for item in data["suggestions"]} == {"page"}
    assert all(item["url"].startswith("/") for item in data["suggestions"])
    assert [item["label"] for item in data["suggestions"]] == [
        "Thuỷ điện Sơn La vận hành an toàn",
        "Thủy lợi Hòa Bình chuẩn bị mùa mưa",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "a" * 5000,
        "hải phòng" * 20,
        "hai\x00phong",
        "hai\x01phong",
        "\x7f",
        "!!!",
        "?.,;:/-()[]{}*^\"'",
        "",
        " ",
        "a",
        "OR AND NEAR",
        '"',
        "'); DROP TABLE x; --",
        "* ^ NEAR(a b)",
    ],
)
def test_bad_input_is_a_4xx_or_an_empty_list(client: Client, corpus: dict[str, Any], query: str) -> None:
    response = client.get(URL, {"q": query})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert response.json()["suggestions"] == []


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%C0%AF", "%00", "q=1&q=2"])
def test_undecodable_bytes_are_never_a_5xx(client: Client, corpus: dict[str, Any], raw: str) -> None:
    response = client.get(f"{URL}?q={raw}")
    assert response.status_code in (200, 400)
