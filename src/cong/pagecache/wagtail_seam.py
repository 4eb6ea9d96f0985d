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
