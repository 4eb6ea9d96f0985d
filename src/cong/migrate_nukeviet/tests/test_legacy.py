"""Old NukeViet addresses: parsing, and the middleware's place among Wagtail's redirects (no MariaDB needed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from cong.migrate_nukeviet.legacy import Address
from cong.migrate_nukeviet.models import Kind, NukeVietRecord
from cong.news.models import ArticlePage, CategoryPage


@pytest.mark.parametrize(
    ("path", "query", "segments"),
    [
        ("/vi/news/thoi-su/bai-viet-12.html", {}, ("news", "thoi-su", "bai-viet-12.html")),
        ("/news/thoi-su/bai-viet-12.html", {}, ("news", "thoi-su", "bai-viet-12.html")),
        ("/thoi-su/bai-viet-12.html", {}, ("thoi-su", "bai-viet-12.html")),
        ("/vi/news/thoi-su/page-3", {}, ("news", "thoi-su")),
        (
            "/index.php",
            {"language": "vi", "nv": "news", "op": "thoi-su/bai-viet-12"},
            ("news", "thoi-su", "bai-viet-12"),
        ),
        ("/laws/detail/nghi-dinh-42-2/", {}, ("laws", "detail", "nghi-dinh-42-2")),
    ],
)
def test_address_forms(path: str, query: dict[str, str], segments: tuple[str, ...]) -> None:
    assert Address.parse(path, query).segments == segments


@pytest.mark.parametrize("path", ["/", "/vi/", "/index.php", "/a/b/c/d/e/f"])
def test_not_an_old_address(path: str) -> None:
    assert Address.parse(path, {}) is None


@pytest.fixture
def migrated(home: Any) -> ArticlePage:
    category = CategoryPage(title="Thời sự", slug="thoi-su-moi")
    home.add_child(instance=category)
    category.save_revision().publish()
    article = ArticlePage(title="Bài viết", slug="bai-viet")
    category.add_child(instance=article)
    article.save_revision().publish()
    common = {"module": "news", "digest": ""}
    NukeVietRecord.objects.create(
        kind=Kind.CATEGORY,
        source_table="nv4_vi_news_cat",
        nukeviet_id=1,
        alias="thoi-su",
        page=category,
        **common,
    )
    NukeVietRecord.objects.create(
        kind=Kind.ARTICLE,
        source_table="nv4_vi_news_rows",
        nukeviet_id=12,
        alias="bai-viet",
        page=article,
        **common,
    )
    return article


@pytest.mark.django_db
def test_old_addresses_redirect_and_the_rest_falls_through_to_wagtail_redirects(
    migrated: ArticlePage,
) -> None:
    client = Client()
    response = client.get("/vi/news/thoi-su/bai-viet-12.html")
    assert response.status_code == 301 and response["Location"] == migrated.url
    response = client.get("/index.php?language=vi&nv=news&op=thoi-su")
    assert response.status_code == 301 and response["Location"] == migrated.get_parent().url
    Redirect.objects.create(old_path="/vi/news/thoi-su/khac-99.html", redirect_link="/thoi-su-moi/")
    response = client.get("/vi/news/thoi-su/khac-99.html")
    assert response.status_code == 301 and response["Location"] == "/thoi-su-moi/"  # Wagtail's redirect
    assert client.get("/vi/news/thoi-su/khong-co-98.html").status_code == 404
    assert client.get(migrated.url).status_code == 200  # the portal's own pages are not touched
    assert client.post("/vi/news/thoi-su/bai-viet-12.html").status_code != 301


@pytest.mark.django_db
def test_an_unpublished_article_is_not_redirected_to(migrated: ArticlePage) -> None:
    migrated.unpublish()
    assert Client().get("/news/thoi-su/bai-viet-12.html").status_code == 404


@pytest.mark.django_db
def test_quan_tri_may_view_the_import_records() -> None:
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Quản trị")
    assert group.permissions.filter(codename="view_nukevietrecord").exists()
