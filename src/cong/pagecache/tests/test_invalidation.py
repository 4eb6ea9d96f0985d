"""Exact invalidation: every change that public pages show reaches every page that shows it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, Site

from cong.banners.models import Banner
from cong.core.models import PortalSettings
from cong.news.models import ArticlePage, CategoryPage
from cong.pagecache import invalidation, store

from .conftest import get


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site(seed_article: Any, import_records: Any) -> dict[str, Any]:
    """The seed article in Thời sự plus one article in a second category, Kinh tế."""
    report = import_records(
        [{"title": "Tin kinh tế đầu năm", "body": "<p>Nội dung</p>", "category": "Kinh tế"}]
    )
    assert report.ok, report.errors
    return {
        "article": seed_article,
        "category": seed_article.get_parent().specific,
        "other_category": CategoryPage.objects.get(slug="kinh-te"),
        "home": seed_article.get_parent().get_parent().specific,
    }


def urls(site: dict[str, Any]) -> list[str]:
    return [site["article"].url, site["category"].url, "/", site["other_category"].url]


def test_publishing_refreshes_the_article_its_category_and_home(
    site: dict[str, Any], warm: Any, client: Client
) -> None:
    warm(*urls(site))
    article = ArticlePage.objects.get(pk=site["article"].pk)
    article.title = "Tiêu đề mới đã sửa"
    article.save_revision().publish()
    for url in (article.url, site["category"].url, "/"):
        status, html = get(client, url)
        assert status == "miss" and "Tiêu đề mới đã sửa" in html, url


def test_saving_a_draft_keeps_the_cache(site: dict[str, Any], warm: Any, client: Client) -> None:
    warm(*urls(site))
    article = ArticlePage.objects.get(pk=site["article"].pk)
    article.title = "Bản nháp chưa xuất bản"
    article.save_revision()
    status, html = get(client, article.url)
    assert status == "hit" and "Bản nháp chưa xuất bản" not in html


def test_publishing_a_new_article_refreshes_lists(
    site: dict[str, Any], warm: Any, client: Client, import_records: Any
) -> None:
    warm(*urls(site))
    assert import_records([{"title": "Tin mới nhất hôm nay", "body": "<p>x</p>", "category": "Thời sự"}]).ok
    for url in (site["category"].url, "/", site["article"].url):  # related list of a sibling too
        status, html = get(client, url)
        assert status == "miss" and "Tin mới nhất hôm nay" in html, url


def test_unpublishing_removes_the_article_everywhere(site: dict[str, Any], warm: Any, client: Client) -> None:
    warm(*urls(site))
    site["article"].unpublish()
    assert client.get(site["article"].url).status_code == 404
    for url in (site["category"].url, "/"):
        assert site["article"].title not in get(client, url)[1], url


def test_moving_an_article_refreshes_both_categories(site: dict[str, Any], warm: Any, client: Client) -> None:
    warm(*urls(site))
    old_url = site["article"].url
    Page.objects.get(pk=site["article"].pk).move(site["other_category"], pos="last-child")
    new_url = ArticlePage.objects.get(pk=site["article"].pk).url
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the cached old page
    assert moved.status_code == 301 and moved["Location"] == new_url
    assert site["article"].title not in get(client, site["category"].url)[1]
    assert site["article"].title in get(client, site["other_category"].url)[1]
    assert new_url.startswith(site["other_category"].url) and get(client, new_url)[0] == "miss"


def test_deleting_an_article_removes_it_everywhere(site: dict[str, Any], warm: Any, client: Client) -> None:
    warm(*urls(site))
    title, url = site["article"].title, site["article"].url
    Page.objects.get(pk=site["article"].pk).delete()
    assert client.get(url).status_code == 404
    for page in (site["category"].url, "/"):
        assert title not in get(client, page)[1], page


def test_portal_settings_change_every_page(site: dict[str, Any], warm: Any, client: Client) -> None:
    warm(*urls(site))
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.address = "Số 18 Hoàng Diệu, quận Hồng Bàng"
    portal.save()
    for url in urls(site):
        assert "Số 18 Hoàng Diệu" in get(client, url)[1], url


def test_banner_change_reaches_every_page(site: dict[str, Any], warm: Any, client: Client) -> None:
    image = get_image_model().objects.create(title="b", file=get_test_image_file())
    warm(*urls(site))
    banner = Banner.objects.create(
        site=default_site(), title="Bầu cử", image=image, alt_text="Ngày bầu cử toàn quốc"
    )
    for url in urls(site):
        assert 'alt="Ngày bầu cử toàn quốc"' in get(client, url)[1], url
    banner.delete()
    for url in urls(site):
        assert 'alt="Ngày bầu cử toàn quốc"' not in get(client, url)[1], url


def test_a_banner_end_caps_the_lifetime_of_entries(site: dict[str, Any], client: Client) -> None:
    image = get_image_model().objects.create(title="b", file=get_test_image_file())
    end = timezone.now() + timedelta(seconds=90)
    Banner.objects.create(site=default_site(), title="Tạm", image=image, alt_text="Banner tạm", end_at=end)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    entry = store.lookup(store.request_key(response.wsgi_request.META), store.current_generation())
    assert entry is not None and entry.expires <= end.timestamp() + 1
    later = Banner.objects.create(
        site=default_site(), title="Sau", image=image, alt_text="x", start_at=end - timedelta(seconds=30)
    )
    assert store.seconds_to_next_boundary(store.current_generation()) <= 61
    later.delete()


def test_a_private_page_is_no_longer_served_from_cache(
    site: dict[str, Any], warm: Any, client: Client
) -> None:
    warm(site["article"].url)
    PageViewRestriction.objects.create(page=site["article"], restriction_type="login")
    assert client.get(site["article"].url).status_code == 302


def test_other_apps_register_what_their_pages_show(site: dict[str, Any], warm: Any) -> None:
    class Shown(models.Model):  # a stand-in for another app's model, e.g. a legal document
        class Meta:
            app_label = "pagecache"
            managed = False

        def __str__(self) -> str:
            return "shown"

    invalidation.register_model(Shown)
    before = store.current_generation()
    models.signals.post_save.send(sender=Shown, instance=Shown(), created=True)
    assert store.current_generation() != before


def test_a_lost_generation_is_a_new_one(
    site: dict[str, Any], warm: Any, client: Client, settings: Any
) -> None:
    warm("/")
    store.backend().delete(store.GEN_KEY)  # evicted from the shared cache...
    store.local_cache().clear()  # ...as seen by another process, which has nothing in its own memory
    # With Redis the generation is a key of the shared cache: losing it empties the cache. With the
    # file cache it lives in its own file, out of reach of the cache's eviction (test_flood.py).
    assert get(client, "/")[0] == ("miss" if settings.PAGECACHE_SHARED_GENERATION else "hit")


def test_front_cache_refresh_after_commit(
    site: dict[str, Any], settings: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    settings.PAGECACHE_FRONTEND_URL = "http://127.0.0.1:9"
    refreshed: list[tuple[str, ...]] = []
    monkeypatch.setattr(invalidation, "refresh_front_cache", lambda paths: refreshed.append(tuple(paths)))
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=site["article"].pk).save_revision().publish()
    assert [sorted(paths) for paths in refreshed] == [
        sorted([site["article"].url, site["category"].url, "/"])
    ]
