"""Anonymous page cache (docs/caching.md). Views that read query parameters declare them here."""

from __future__ import annotations

from django.http import HttpRequest

QUERY_ATTRIBUTE = "pagecache_query_params"


def vary_on_query(request: HttpRequest, *names: str) -> None:
    """Declare the query parameters this page's content depends on (e.g. ``"trang"``, ``"q"``).

    A response is stored in the page cache only when every parameter of its request was declared, so a
    request with any other parameter (``?r=<random>``) is answered but never creates an entry.
    """
    declared = getattr(request, QUERY_ATTRIBUTE, frozenset())
    setattr(request, QUERY_ATTRIBUTE, declared | frozenset(names))
