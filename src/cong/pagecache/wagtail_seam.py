"""The one seam between the page cache and Wagtail's per-request memo (``RouteCacheMiddleware``).

Wagtail 7.4 looks up, for every page request, the site (``Site.find_for_request``), the page route
(``Page.route_for_request``) and the page's view restrictions (its ``on_serve_page`` hook calls
``page.get_view_restrictions()``). The first two are memoised on the request, in attributes their
docstrings name (``request._wagtail_site``, ``request._wagtail_route_for_request``); Wagtail has no
public setter for them. :func:`hand_over` fills all three with what the route cache already knows, so
Wagtail skips the queries but still runs every check. ``tests/test_wagtail_seam.py`` fails when a
Wagtail upgrade stops reading any of them (the portal would stay correct, only slower).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site

Route = tuple[Page, Sequence[Any], dict[str, Any]]


def hand_over(
    request: HttpRequest, site: Site, route: Route, restrictions: Sequence[PageViewRestriction]
) -> None:
    """Make Wagtail use ``site``, ``route`` and ``restrictions`` for this request without looking them up."""
    page = route[0]
    page.get_view_restrictions = lambda: restrictions  # type: ignore[method-assign]
    request._wagtail_site = site  # type: ignore[attr-defined]
    request._wagtail_route_for_request = route  # type: ignore[attr-defined]


def prime_site(request: HttpRequest, generation: str) -> Site | None:
    """For views outside Wagtail's page serving (e.g. /tim-kiem/): the request's site and its site
    settings, looked up once per generation and host (in the fragment cache) and handed to Wagtail
    like :func:`hand_over` does, so ``Site.find_for_request`` and ``{{ settings }}`` run no query."""
    from django.conf import settings
    from django.core.cache import caches
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry

    cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    key = f"pagecache:site:{generation}:{request.get_host()}"
    cached = cache.get(key) if settings.PAGECACHE_FRAGMENTS else None
    if cached is None:
        site = Site.find_for_request(request)
        site_settings = (
            [model.for_request(request) for model in registry if issubclass(model, BaseSiteSetting)]
            if site
            else []
        )
        if settings.PAGECACHE_FRAGMENTS:
            cache.set(key, (site, site_settings), settings.PAGECACHE_MAX_AGE)
        return site
    site, site_settings = cached
    request._wagtail_site = site  # type: ignore[attr-defined]
    for instance in site_settings:
        instance._request = request
        setattr(request, type(instance).get_cache_attr_name(), instance)
    return site
