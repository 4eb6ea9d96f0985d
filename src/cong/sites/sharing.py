"""Sharing upward: a component site's article shown on the city portal by reference (no copy)."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page, Site

from cong.pagecache.store import site_tag

from .models import ArticleShare, ShareStatus


def city_site() -> Site:
    return Site.objects.get(is_default_site=True)


def approved_shares() -> QuerySet[ArticleShare]:
    """Approved shares of live public articles, newest decision first."""
    return (
        ArticleShare.objects.filter(status=ShareStatus.APPROVED, article__live=True)
        .select_related("article")
        .order_by("-decided_at", "-pk")
    )


def city_tags_for_page(page: Page) -> list[str]:
    """A change of an article shared to the city portal also refreshes the city's pages."""
    if ArticleShare.objects.filter(article_id=page.pk, status=ShareStatus.APPROVED).exists():
        return [site_tag(city_site().pk)]
    return []
