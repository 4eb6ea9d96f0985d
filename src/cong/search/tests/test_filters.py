"""The searched queryset's filters, applied to the index entry (cong.search.filters) or as a sub-query:
both give the same results, and the page filters stay right after moves and view restrictions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cong.news.models import ArticlePage, CategoryPage
from cong.search import backend
from cong.search.filters import entry_filter
from cong.search.tests.test_queries import keys_for

MAY_5 = timezone.make_aware(datetime(2024, 5, 5))

QUERYSETS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "live public": lambda c: ArticlePage.objects.live().public(),
    "category": lambda c: ArticlePage.objects.live().public().descendant_of(c["categories"]["kinh-te"]),
    "date range": lambda c: ArticlePage.objects.live().filter(published_at__gte=MAY_5, published_at__lt=MAY_5.replace(day=12)),
    "exclude pk": lambda c: ArticlePage.objects.live().exclude(pk=c["cang_lede"].pk),
    "pk in": lambda c: ArticlePage.objects.filter(pk__in=[c["cang_title"].pk, c["cang_body"].pk]),
    "or": lambda c: ArticlePage.objects.filter(Q(published_at__year=2024) | Q(live=False)),
    "pages of a type": lambda c: Page.objects.live().type(ArticlePage),
    "not live": lambda c: ArticlePage.objects.not_live(),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name", QUERYSETS)
@pytest.mark.parametrize("query", ["cảng biển", "thuc hien", "thủy", '"quốc hội"'])
def test_entry_filters_match_the_sub_query(
    corpus: dict[str, Any], monkeypatch: pytest.MonkeyPatch, name: str, query: str
) -> None:
    queryset = QUERYSETS[name](corpus)
    assert entry_filter(queryset) is not None, "this filter should be answered from the entry row"
    fast = queryset.search(query)
    fast_keys, fast_count = keys_for(corpus, list(fast)), fast.count()
    monkeypatch.setattr(backend, "entry_filter", lambda qs: None)
    slow = queryset.search(query)
    assert (keys_for(corpus, list(slow)), slow.count()) == (fast_keys, fast_count)
    expected = {corpus[k].pk for k in fast_keys}
    assert expected <= set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_other_filters_use_the_sub_query(corpus: dict[str, Any]) -> None:
    by_title = ArticlePage.objects.filter(title__icontains="cảng")
    through_relation = ArticlePage.objects.filter(owner__username="x")
    by_other_date = ArticlePage.objects.filter(first_published_at__isnull=False)
    assert entry_filter(by_title) is None and entry_filter(through_relation) is None
    assert entry_filter(by_other_date) is None  # articles sort by published_at, not first_published_at
    assert keys_for(corpus, list(by_title.search("cang bien"))) == ["cang_title"]


@pytest.mark.django_db
def test_moved_and_restricted_pages(corpus: dict[str, Any]) -> None:
    kinh_te, thoi_su = corpus["categories"]["kinh-te"], corpus["categories"]["thoi-su"]
    article = Page.objects.get(pk=corpus["cang_title"].pk)
    article.move(thoi_su, pos="last-child")
    in_thoi_su = ArticlePage.objects.live().descendant_of(thoi_su).search("cảng biển")
    in_kinh_te = ArticlePage.objects.live().descendant_of(kinh_te).search("cảng biển")
    assert keys_for(corpus, list(in_thoi_su)) == ["cang_title"]
    assert keys_for(corpus, list(in_kinh_te)) == ["cang_lede", "cang_body"]

    # Moving a whole category rewrites its descendants' paths in SQL: their entries follow.
    home = kinh_te.get_parent()
    holder = home.add_child(instance=CategoryPage(title="Chuyên đề", slug="chuyen-de"))
    Page.objects.get(pk=kinh_te.pk).move(holder, pos="last-child")
    under_holder = ArticlePage.objects.live().descendant_of(holder).search("cảng biển")
    assert keys_for(corpus, list(under_holder)) == ["cang_lede", "cang_body"]

    PageViewRestriction.objects.create(page=holder, restriction_type=PageViewRestriction.LOGIN)
    public = ArticlePage.objects.live().public().search("cảng biển")
    assert keys_for(corpus, list(public)) == ["cang_title"] and public.count() == 1


@pytest.mark.django_db
def test_phrase_needs_adjacent_words(corpus: dict[str, Any]) -> None:
    """Every pair of "kinh tế số" occurs in this article, but never the three words in a row."""
    article = ArticlePage(
        title="Sức khỏe nền kinh tế",
        slug="cap-tu",
        lede="Ngành y tế số hóa hồ sơ.",
        published_at=MAY_5,
    )
    corpus["categories"]["kinh-te"].add_child(instance=article)
    phrase = ArticlePage.objects.live().search('"kinh tế số"')
    assert [p.pk for p in phrase] == [corpus["phrase"].pk]
    words = ArticlePage.objects.live().search("kinh tế số")
    assert article.pk in {p.pk for p in words}


@pytest.mark.django_db
def test_planner_settings_last_for_the_search_only(corpus: dict[str, Any]) -> None:
    """PostgreSQL searches turn sequential scans off for their own statements (docs/search.md §3)."""
    from django.db import connection

    def settings() -> list[str]:
        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
            return list(cursor.fetchone())

    before, depth = settings(), connection.in_atomic_block
    results = ArticlePage.objects.live().search('"cảng biển"')
    assert results.count() == 3 and len(list(results)) == 3
    assert settings() == before and connection.in_atomic_block == depth
