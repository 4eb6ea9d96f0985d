"""Authors: bylines split into author records, author pages, and the migration of existing bylines."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from cong.news.bylines import split_byline
from cong.news.models import ArticleAuthor, ArticlePage, Author

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Hoàng Tùng - Đàm Thanh", ["Hoàng Tùng", "Đàm Thanh"]),
        ("Bài và ảnh: Hoàng Tùng", ["Hoàng Tùng"]),
        ("Hoàng Tùng, Đàm Thanh; Lê Văn A và Trần B", ["Hoàng Tùng", "Đàm Thanh", "Lê Văn A", "Trần B"]),
        ("Hoàng  Tùng – hoàng tùng", ["Hoàng Tùng"]),  # dash variant, double space, duplicate
        ("Hoa\u0300ng Tu\u0300ng", ["Hoàng Tùng"]),  # decomposed (NFD) marks become NFC
        ("Nguyễn Thị Lê-Na", ["Nguyễn Thị Lê-Na"]),  # a hyphen inside a name is not a separator
        ("", []),
    ],
)
def test_split_byline(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


def test_import_links_articles_to_one_author_per_person(import_records: Any, client: Any) -> None:
    report = import_records(
        [
            {"title": "Tin một", "category": "Thời sự", "authors": ["Hoàng Tùng", "Đàm Thanh"]},
            {"title": "Tin hai", "category": "Thời sự", "authors": ["hoàng tùng"]},
            {"title": "Tin ba", "category": "Thời sự"},
        ]
    )
    assert report.ok, report.errors
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Hoàng Tùng", "Đàm Thanh"]
    tung = Author.objects.get(name="Hoàng Tùng")
    assert tung.slug == "hoang-tung"
    assert sorted(a.title for a in tung.articles()) == ["Tin hai", "Tin một"]

    one = ArticlePage.objects.get(title="Tin một")
    html = client.get(one.url).content.decode()
    assert (
        '<a href="/tac-gia/hoang-tung/">Hoàng Tùng</a> - <a href="/tac-gia/dam-thanh/">Đàm Thanh</a>' in html
    )

    page = client.get("/tac-gia/hoang-tung/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tin một" in text and "Tin hai" in text and "Tin ba" not in text
    assert client.get("/tac-gia/khong-co/").status_code == 404
    assert client.get("/tac-gia/hoang-tung/?trang=9").status_code == 404


def test_changing_the_byline_relinks(import_records: Any) -> None:
    assert import_records([{"title": "Tin", "category": "Thời sự", "authors": ["A Một", "B Hai"]}]).ok
    article = ArticlePage.objects.get(title="Tin")
    article.byline = "B Hai - C Ba"
    article.save()
    assert [a.name for a in article.byline_authors()] == ["B Hai", "C Ba"]
    # A byline edited but not saved (e.g. a draft preview) is shown as text, not with stale links.
    article.byline = "D Bốn"
    assert article.byline_authors() == []


def test_data_migration_splits_and_dedupes_existing_bylines(import_records: Any) -> None:
    assert import_records(
        [
            {"title": "Cũ một", "category": "Thời sự", "authors": ["Bài và ảnh: Hoàng Tùng", "Đàm Thanh"]},
            {"title": "Cũ hai", "category": "Thời sự", "authors": ["HOÀNG TÙNG"]},
        ]
    ).ok
    # Back to the state before authors existed, with the bylines as they were stored.
    ArticleAuthor.objects.all().delete()
    Author.objects.all().delete()
    migration = importlib.import_module("cong.news.migrations.0004_byline_authors")
    migration.link_bylines(apps, None)
    migration.link_bylines(apps, None)  # idempotent

    assert sorted(Author.objects.values_list("name", flat=True)) == ["Hoàng Tùng", "Đàm Thanh"]
    links = {
        title: [a.name for a in ArticlePage.objects.get(title=title).byline_authors()]
        for title in ("Cũ một", "Cũ hai")
    }
    assert links == {"Cũ một": ["Hoàng Tùng", "Đàm Thanh"], "Cũ hai": ["Hoàng Tùng"]}
