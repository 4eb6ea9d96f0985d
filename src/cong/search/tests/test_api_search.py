"""/api/v2/tim-kiem/: the ranked results of /tim-kiem/ as JSON; bad input is a 4xx or an empty list,
never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cong.search.extra import score_text

pytestmark = pytest.mark.django_db
URL = "/api/v2/tim-kiem/"


def test_articles_in_the_same_order_as_the_page(client: Client, corpus: dict[str, Any]) -> None:
    from cong.search.tests.test_page import result_titles

    for query in ("hai phong", "Hải Phòng", "thủy lợi", "01-CT/TW"):
        page = result_titles(client.get("/tim-kiem/", {"q": query}).content.decode())
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        answer = response.json()
        assert [result["title"] for result in answer["results"]] == page, query
        assert answer["count"] == len(page)
        assert all(
            r["type"] == "tin-bai" and r["url"].startswith("http") and r["date"] for r in answer["results"]
        )


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "a" * 5000}, 400),
        ({"q": "hải\x00phòng"}, 400),
        ({"q": "hải\x01phòng"}, 400),
        ({"q": "hải\x7fphòng"}, 400),
        ({"q": "hải phòng", "loai": "\x1b"}, 400),
        ({"q": "hải phòng", "loai": "x" * 5000}, 400),
        ({"q": "hải phòng", "trang": "abc"}, 400),
        ({"q": "hải phòng", "trang": "0"}, 400),
        ({"q": "hải phòng", "trang": "9" * 40}, 404),
        ({"q": "hải phòng", "trang": "999"}, 404),
        ({"q": '"* ^ ( ) : - NEAR OR AND'}, 200),
        ({"q": "'; DROP TABLE search_searchentry; --"}, 200),
        ({"q": ""}, 200),
        ({"q": "hải phòng", "loai": "khong-co"}, 200),
    ],
)
def test_bad_input_is_never_a_server_error(
    client: Client, corpus: dict[str, Any], params: dict[str, str], status: int
) -> None:
    response = client.get(URL, params)
    assert response.status_code == status
    if status == 200 and params["q"] in ("", '"* ^ ( ) : - NEAR OR AND'):
        assert response.json()["results"] == []


def test_undecodable_bytes(client: Client, corpus: dict[str, Any]) -> None:
    response = client.get(URL + "?q=%ED%A0%80%FF&trang=%C0")
    assert response.status_code in (200, 400)


def test_score_text_follows_the_index_levels() -> None:
    assert score_text("bán hàng", "Bán hàng online") == 6
    assert score_text("bán hàng", "Tin", "Hướng dẫn bán hàng") == 5
    assert score_text("bán hàng", "Tin", "", "bán hàng") == 4
    assert score_text("bán hàng", "Bạn hàng") == 3
    assert score_text("ban hang", "Tin", "Bạn hàng") == 2
    assert score_text("ban hang", "Tin", "", "bán hàng") == 1
    assert score_text("ban hang", "Tin") == 0
    assert score_text("42/2022", "Nghị định số 42/2022/NĐ-CP") == 3
    assert score_text("2022", "Nghị định số 42/2022/NĐ-CP") == 3
