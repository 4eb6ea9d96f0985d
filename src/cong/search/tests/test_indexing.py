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


def test_rank_key_orders_by_second_then_entry_and_stays_in_64_bits() -> None:
    from datetime import UTC, datetime

    from cong.search.index import rank_key

    noon = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    later = datetime(2024, 5, 1, 12, 0, 1, tzinfo=UTC)
    assert rank_key(later, 1) > rank_key(noon, 999) > rank_key(noon, 998) > rank_key(None, 10**6)
    extremes = [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)]
    assert all(0 <= rank_key(d, 2**40) < 2**63 for d in extremes)


@pytest.mark.django_db
def test_extreme_dates_are_indexed(home: Any) -> None:
    from datetime import UTC, datetime

    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    for n, year in enumerate((1, 9999)):
        category.add_child(
            instance=ArticlePage(
                title=f"Lưu trữ năm {year}",
                slug=f"luu-tru-{n}",
                published_at=datetime(year, 6, 1, tzinfo=UTC),
            )
        )
    assert titles("lưu trữ") == ["Lưu trữ năm 9999", "Lưu trữ năm 1"]
