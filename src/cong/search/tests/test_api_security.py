"""API v2: live public pages only, no image or document listing, no random order, cacheable answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cong.news.models import CategoryPage


@pytest.fixture
def pages(home: Any) -> dict[str, Any]:
    live = home.add_child(instance=CategoryPage(title="Chuyên mục công khai", slug="cong-khai"))
    live.save_revision().publish()
    draft = home.add_child(instance=CategoryPage(title="Bản nháp bí mật", slug="nhap", live=False))
    draft.save_revision()
    return {"live": live, "draft": draft}


def test_images_and_documents_of_drafts_are_not_listed(pages: dict[str, Any], client: Client) -> None:
    get_image_model().objects.create(title="Ảnh của bản nháp", file=get_test_image_file())
    get_document_model().objects.create(title="Tài liệu nội bộ")
    for endpoint in ("images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/").status_code == 404
        assert client.get(f"/api/v2/{endpoint}/1/").status_code == 404
    titles = [item["title"] for item in client.get("/api/v2/pages/", {"limit": 50}).json()["items"]]
    assert "Chuyên mục công khai" in titles and "Bản nháp bí mật" not in titles


@pytest.mark.parametrize("order", ["random", "title,random", "random,-id", "RANDOM"])
def test_random_order_is_refused(pages: dict[str, Any], client: Client, order: str) -> None:
    response = client.get("/api/v2/pages/", {"order": order})
    assert response.status_code == 400
    assert "message" in response.json()


def test_answers_are_cacheable(pages: dict[str, Any], client: Client) -> None:
    for url in ("/api/v2/pages/", f"/api/v2/pages/{pages['live'].pk}/", "/api/v2/pages/?search=chuyên+mục"):
        response = client.get(url)
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=60" in cache_control
    assert "public" not in client.get("/api/v2/pages/?order=random").get("Cache-Control", "")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v2/pages/?offset=1000001",
        "/api/v2/pages/?offset=-1",
        "/api/v2/pages/find/?id=abc",
        "/api/v2/pages/find/?id=%00",
        "/api/v2/pages/find/?id=99999999999999999999",
        "/api/v2/pages/99999999999999999999/",
    ],
)
def test_malformed_numbers_are_a_400_not_a_database_error(pages: dict[str, Any], url: str) -> None:
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    "url", ["/api/v2/pages/?locale=%00", "/api/v2/pages/find/?html_path=%00", "/api/v2/pages/?search=a%00b"]
)
def test_nul_characters_are_a_400(pages: dict[str, Any], url: str) -> None:
    """PostgreSQL refuses NUL in a string: a 500 there, on SQLite a silent mismatch; a 400 for both."""
    assert Client(raise_request_exception=False).get(url).status_code == 400
