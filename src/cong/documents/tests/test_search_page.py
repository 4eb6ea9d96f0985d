"""Legal documents in the portal-wide search /tim-kiem/: one result page with articles, a type filter
with counts, and a document number query showing that document first."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cong.core.jsonl import ImportReport
from cong.news.models import ArticlePage, CategoryPage

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/"


@pytest.fixture
def article(home: Any) -> ArticlePage:
    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    return category.add_child(
        instance=ArticlePage(
            title="Triển khai dịch vụ công trực tuyến toàn trình",
            slug="dich-vu-cong",
            lede="Theo Nghị định 42/2022/NĐ-CP về cung cấp thông tin.",
            body=[("text", "<p>Nội dung.</p>")],
            published_at=timezone.make_aware(datetime(2024, 5, 1, 9, 0)),
        )
    )


def headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h[23] class="card-title"><a [^>]*>(.*?)</a>', html)
    ]


def facets(html: str) -> list[str]:
    nav = re.search(r'<nav class="search-facets".*?</nav>', html, re.S)
    return re.findall(r">([^<>]+ \(\d+\))<", nav.group(0)) if nav else []


def test_documents_and_articles_in_one_list_with_type_counts(
    client: Client, sample_documents: ImportReport, article: ArticlePage
) -> None:
    html = client.get(URL, {"q": "dich vu cong truc tuyen"}).content.decode()
    found = headings(html)
    assert found[0] == "Triển khai dịch vụ công trực tuyến toàn trình"
    assert "Nghị định số 42/2022/NĐ-CP" in found and "Nghị định số 43/2011/NĐ-CP" in found
    assert facets(html) == ["Tất cả (3)", "Tin bài (1)", "Văn bản (2)"]


def test_type_filter(client: Client, sample_documents: ImportReport, article: ArticlePage) -> None:
    only_documents = client.get(URL, {"q": "dich vu cong truc tuyen", "loai": "van-ban"}).content.decode()
    assert headings(only_documents) == ["Nghị định số 42/2022/NĐ-CP", "Nghị định số 43/2011/NĐ-CP"]
    assert '<span aria-current="page">Văn bản (2)</span>' in only_documents
    only_articles = client.get(URL, {"q": "dich vu cong truc tuyen", "loai": "tin-bai"}).content.decode()
    assert headings(only_articles) == ["Triển khai dịch vụ công trực tuyến toàn trình"]
    unknown = client.get(URL, {"q": "dich vu cong truc tuyen", "loai": "khong-co"})
    assert unknown.status_code == 200 and headings(unknown.content.decode()) == []


def test_a_document_number_puts_that_document_first(
    client: Client, sample_documents: ImportReport, article: ArticlePage
) -> None:
    html = client.get(URL, {"q": "42/2022/NĐ-CP"}).content.decode()
    found = headings(html)
    assert found[0] == "Nghị định số 42/2022/NĐ-CP"
    assert "Triển khai dịch vụ công trực tuyến toàn trình" in found[1:]
