"""Fresh results without a nightly job, and a full rebuild with ./cong update_index."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from cong.news.models import ArticlePage, CategoryPage
from cong.search.models import SearchEntry


def titles(query: str) -> list[str]:
    return [page.title for page in ArticlePage.objects.live().public().search(query)]


@pytest.mark.django_db
def test_publish_edit_unpublish_delete(home: Any) -> None:
    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    article = ArticlePage(title="Khánh thành cầu Hoàng Văn Thụ", slug="cau", live=False)
    category.add_child(instance=article)
    assert titles("hoang van thu") == []  # a draft is not public

    article.save_revision().publish()
    assert titles("hoang van thu") == ["Khánh thành cầu Hoàng Văn Thụ"]

    article.title = "Thông xe cầu Tân Vũ"
    article.save_revision().publish()
    assert titles("hoang van thu") == []
    assert titles("tan vu") == ["Thông xe cầu Tân Vũ"]

    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "Bản nháp chưa duyệt"
    draft.save_revision()
    assert titles("ban nhap") == []  # unpublished edits stay out of the index
    assert titles("tan vu") == ["Thông xe cầu Tân Vũ"]

    article.refresh_from_db()
    article.unpublish()
    assert titles("tan vu") == []

    article.delete()
    assert not SearchEntry.objects.filter(object_id=article.pk).exists()


@pytest.mark.django_db
def test_update_index_rebuilds_everything_with_progress(corpus: dict[str, Any]) -> None:
    articles = ArticlePage.objects.count()
    SearchEntry.objects.all().delete()
    assert titles("cảng biển") == []
    out, err = StringIO(), StringIO()
    call_command("update_index", stdout=out, stderr=err)
    assert "news.ArticlePage" in err.getvalue() and f"{articles}/{articles}" in err.getvalue()
    assert "đã lập chỉ mục" in out.getvalue()
    assert titles("cảng biển") == [corpus[k].title for k in ("cang_title", "cang_lede", "cang_body")]
    assert SearchEntry.objects.filter(
        object_id__in=[p.pk for k, p in corpus.items() if k != "categories"]
    ).count() == (articles)
