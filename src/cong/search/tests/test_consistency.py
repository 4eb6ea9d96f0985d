"""The public page, the admin search and the API v2 give the same results in the same order."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cong.search.tests.test_page import result_titles

QUERIES = ["cảng biển", "cang bien", "thuỷ", "bán hàng", "ban hang", "thực hiện", '"kinh tế số"', "01-CT/TW"]


def api_titles(client: Client, query: str) -> list[str]:
    response = client.get("/api/v2/pages/", {"search": query, "type": "news.ArticlePage", "limit": 50})
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def admin_titles(client: Client, query: str, titles: set[str]) -> list[str]:
    html = client.get("/admin/pages/search/", {"q": query}).content.decode()
    positions = sorted((html.find(title), title) for title in titles if title in html)
    return [title for _, title in positions]


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
def test_same_results_everywhere(client: Client, corpus: dict[str, Any], query: str) -> None:
    public = result_titles(client.get("/tim-kiem/", {"q": query}).content.decode())
    assert public, "the query should find something"
    assert api_titles(client, query) == public
    admin = get_user_model().objects.create_superuser("bbt", "bbt@example.com", "mat-khau-dai-du")
    client.force_login(admin)
    all_titles = {page.title for key, page in corpus.items() if key != "categories"}
    assert admin_titles(client, query, all_titles) == public


@pytest.mark.django_db
def test_api_is_read_only_and_pages_only(client: Client, corpus: dict[str, Any]) -> None:
    assert client.post("/api/v2/pages/", {}).status_code == 405
    assert client.get("/api/v2/images/", {"search": "đà nẵng"}).status_code == 404
    assert client.get("/api/v2/documents/", {"search": "đà nẵng"}).status_code == 404
    assert client.get("/api/v2/pages/", {"search": '" * ^ ( ) : NEAR OR AND -'}).status_code == 200
    assert client.get("/api/v2/pages/", {"search": "a", "search_operator": "xor"}).status_code in (200, 400)
