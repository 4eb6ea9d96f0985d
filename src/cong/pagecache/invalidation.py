"""What empties the page cache, and the registry other apps use to declare what their pages show.

Per site: an article appears on its own page, its category, the home page, the related lists of its
siblings, search results, the sitemap and (with auto-linking) other articles of its site, so any
publish, unpublish, move or delete bumps the tag of the page's site (every cached page of a site
depends on it), plus the tags other apps add for pages shown elsewhere (:func:`register_page_tags`,
e.g. an article shared to the city portal) and :data:`ALL_PAGES_TAG` (pages listing every site's
content declare it with ``cong.pagecache.depends_on``). The other sites stay warm.
A banner belongs to one site: its change bumps that site's tag (and its former site's, when it moved).
One generation for the whole installation: changes to everything that every page shows (sites,
images, view restrictions) and to any model another app registers with :func:`register_model`
start a new one. Time-based changes (a banner's start or end) are not events: they cap the lifetime
of entries instead (:func:`register_expiry`).
"""

from __future__ import annotations

import logging
import threading
import urllib.request
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, Site

from . import store
from .store import register_expiry, site_tag

logger = logging.getLogger(__name__)

# Every publish anywhere bumps this tag: for pages that list the content of all sites.
ALL_PAGES_TAG = "pages:all"
PageTagProvider = Callable[[Page], Iterable[str]]
_page_tag_providers: list[PageTagProvider] = []


def register_page_tags(provider: PageTagProvider) -> None:
    """Declare other places a page appears: ``provider(page)`` returns the tags to bump with it."""
    if provider not in _page_tag_providers:
        _page_tag_providers.append(provider)


def page_tags(page: Page) -> list[str]:
    """The tags a change of ``page`` bumps: its site's, the providers', and :data:`ALL_PAGES_TAG`."""
    tags = [site_tag(site_id) for site_id in _site_ids(page.url_path)]
    for provider in _page_tag_providers:
        tags.extend(provider(page))
    return [*tags, ALL_PAGES_TAG]


def _site_ids(url_path: str | None) -> list[int]:
    """The sites that serve ``url_path`` (Wagtail's cached root paths; no query)."""
    if not url_path:
        return []
    return [root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)]


def invalidate(paths: Iterable[str] = ()) -> None:
    """Start a new generation now and once more when the current transaction commits.

    The second bump closes the window in which a request could read the new generation but still see
    the old rows. After the commit, ``paths`` (site-relative URLs) are refreshed in the front cache.
    """
    store.bump_generation()
    paths = tuple(dict.fromkeys(paths))

    def after_commit() -> None:
        store.bump_generation()
        if paths:
            refresh_front_cache(paths)

    transaction.on_commit(after_commit)


def invalidate_tags(*tags: str, paths: Iterable[str] = ()) -> None:
    """Invalidate only the cached pages that declared one of ``tags`` (``depends_on``), now and again
    when the current transaction commits (as :func:`invalidate`); then refresh ``paths`` in nginx."""
    tags = tuple(dict.fromkeys(tags))
    if not tags:
        return
    store.bump_tags(tags)
    paths = tuple(dict.fromkeys(paths))

    def after_commit() -> None:
        store.bump_tags(tags)
        if paths:
            refresh_front_cache(paths)

    transaction.on_commit(after_commit)


def register_model(model: type[models.Model]) -> None:
    """Declare that public pages show ``model``: each save or delete of it empties the page cache."""
    uid = f"pagecache:{model._meta.label}"
    post_save.connect(_on_model_change, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(_on_model_change, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def _on_model_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    site_id = getattr(instance, "site_id", None) if isinstance(instance, BaseSiteSetting) else None
    if site_id is not None:
        invalidate_tags(site_tag(site_id))  # a site's own settings: only its pages
    else:
        invalidate()


def register_site_model(model: type[models.Model]) -> None:
    """Declare that the pages of one site show ``model`` (a ``site`` foreign key to a Wagtail Site): a
    save or delete bumps only that site's tag, and the former site's too when the row moved."""
    uid = f"pagecache:site:{model._meta.label}"
    pre_save.connect(_remember_site, sender=model, weak=False, dispatch_uid=f"{uid}:pre")
    post_save.connect(_on_site_model_change, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(_on_site_model_change, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def _remember_site(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance.pk is not None and not kwargs.get("raw"):
        before = sender._default_manager.filter(pk=instance.pk).values_list("site_id", flat=True).first()
        instance._pagecache_site_before = before  # type: ignore[attr-defined]


def _on_site_model_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    site_ids = {getattr(instance, "site_id", None), getattr(instance, "_pagecache_site_before", None)}
    # Its start or end may have moved: the next time-based change is computed again (now and after
    # the commit, as the tags are bumped).
    store.forget_boundary()
    transaction.on_commit(store.forget_boundary)
    invalidate_tags(*(site_tag(site_id) for site_id in sorted(s for s in site_ids if s is not None)))


def _on_page_change(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    invalidate_tags(*page_tags(instance), paths=page_paths(instance))


def _on_page_move(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    before = kwargs.get("url_path_before")
    old = [path for path in [_relative_url(before)] if path] if before else []
    old_sites = [site_tag(site_id) for site_id in _site_ids(before)]
    invalidate_tags(*old_sites, *page_tags(instance), paths=[*old, *page_paths(instance)])


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        invalidate_tags(
            *page_tags(instance), paths=[path for path in [_relative_url(instance.url_path)] if path]
        )


def page_paths(page: Page) -> list[str]:
    """The page's own URL and those of its ancestors (its categories, the home page)."""
    paths = []
    for url_path in [page.url_path, *page.get_ancestors().values_list("url_path", flat=True)]:
        relative = _relative_url(url_path)
        if relative:
            paths.append(relative)
    return paths


def _relative_url(url_path: str) -> str | None:
    for root in Site.get_site_root_paths():  # cached by Wagtail
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def refresh_front_cache(paths: Iterable[str]) -> None:
    """Ask the front nginx to fetch ``paths`` again (deploy/nginx.conf honours this from 127.0.0.1 only)."""
    front = settings.PAGECACHE_FRONTEND_URL
    if not front:
        return
    host = urlsplit(settings.BASE_URL).netloc
    urls = [front.rstrip("/") + path for path in paths]
    thread = threading.Thread(target=_refresh, args=(urls, host), daemon=True, name="pagecache-refresh")
    thread.start()


# nginx keeps one copy per encoding (deploy/nginx.conf, $cong_ae): each is fetched again.
FRONT_ENCODINGS = ("br", "gzip", "identity")


def _refresh(urls: list[str], host: str) -> None:
    for url in urls:
        for encoding in FRONT_ENCODINGS:
            headers = {"Host": host, "X-Cong-Refresh": "1", "Accept-Encoding": encoding}
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(url, headers=headers), timeout=10
                ) as response:
                    response.read()
            except OSError as exc:
                logger.warning("front cache refresh of %s (%s) failed: %s", url, encoding, exc)
                break


def next_banner_change() -> datetime | None:
    from django.db.models import Min, Q
    from django.utils import timezone

    from cong.banners.models import Banner

    now = timezone.now()
    moments = Banner.objects.filter(active=True).aggregate(
        start=Min("start_at", filter=Q(start_at__gt=now)), end=Min("end_at", filter=Q(end_at__gt=now))
    )
    return min((moment for moment in moments.values() if moment), default=None)


def connect_builtin_dependencies() -> None:
    """Wagtail's page signals plus the models every public page shows."""
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cong.banners.models import Banner
    from cong.core.models import PortalSettings

    page_published.connect(_on_page_change, dispatch_uid="pagecache:published")
    page_unpublished.connect(_on_page_change, dispatch_uid="pagecache:unpublished")
    post_page_move.connect(_on_page_move, dispatch_uid="pagecache:moved")
    post_delete.connect(_on_delete, dispatch_uid="pagecache:page-deleted")
    for model in (PortalSettings, Site, PageViewRestriction, get_image_model()):
        register_model(model)
    register_site_model(Banner)
    register_expiry(next_banner_change)
