"""The page cache as Django middleware: first in MIDDLEWARE, so a hit skips sessions, auth and the rest.

Under ``./cong serve`` the WSGI wrapper (cong.pagecache.wsgi) answers hits even earlier, before Django
builds a request; this middleware then only stores misses. With any other server (runserver, the test
client, a plain ``cong.wsgi``) it also answers hits.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_path
from wagtail.contrib.settings.models import BaseSiteSetting

from . import QUERY_ATTRIBUTE, TAGS_ATTRIBUTE, store
from .wagtail_seam import hand_over


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = store.request_key(request.META)
        if key is None:
            return self.get_response(request)
        if store.ENVIRON_GEN not in request.META:  # not already looked up by the WSGI wrapper
            entry = store.find(key, request.META)
            if entry is not None:
                return cached_response(entry, request)
        generation = request.META[store.ENVIRON_GEN]
        response = self.get_response(request)
        max_age = store.response_max_age(response) if request.method == "GET" else None
        if max_age is None or not store.query_storable(
            request.META.get("QUERY_STRING", ""), getattr(request, QUERY_ATTRIBUTE, frozenset())
        ):
            return response
        tags = (*request.META.get(store.ENVIRON_TAGS, ()), *getattr(request, TAGS_ATTRIBUTE, ()))
        entry = store.store(
            key, generation, response, max_age, request.META.get(store.ENVIRON_COUNTER), tuple(tags)
        )
        if entry is not None:
            body, etag, variant_headers = entry.variant(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            response.content = body
            for name, value in [*variant_headers, *store.proxy_headers(entry, time.time(), etag)]:
                response[name] = value
            response["X-Page-Cache"] = "miss"
        return response


def cached_response(entry: store.Entry, request: HttpRequest) -> HttpResponse:
    body, etag, variant_headers = entry.variant(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status)
        for name, value in [*entry.headers, *variant_headers]:
            response[name] = value
    for name, value in store.proxy_headers(entry, time.time(), etag):
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class RouteCacheMiddleware:
    """Skip Wagtail's per-request lookups of the site, the page route and the site settings.

    They only change through events that start a new generation, so the found site, the specific
    page and the settings are kept per generation (in process memory, like fragments) and put where
    Wagtail looks first (through :mod:`cong.pagecache.wagtail_seam`, and the settings' request
    attributes). Wagtail's view still runs everything else, including its check of
    view restrictions. Only successful routes of Wagtail's page URL are kept, never 404s.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.PAGECACHE_FRAGMENTS
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(settings.PAGECACHE_EXCLUDE)
        ):
            self.prime(request)
        return self.get_response(request)

    def prime(self, request: HttpRequest) -> None:
        from wagtail.contrib.settings.registry import registry
        from wagtail.models import Page, Site

        from .templatetags.pagecache import request_generation

        parts = [request_generation(request), request.get_host(), request.path_info]
        key = "pagecache:route:" + hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
        cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
        cached = cache.get(key)  # only routes of Wagtail's URL are stored: a hit needs no URL resolving
        if cached is None:
            try:
                if resolve(request.path_info).url_name != "wagtail_serve":
                    return
            except Resolver404:
                return
        else:
            site, page, remaining, site_settings, restrictions = cached
            # Wagtail's before_serve_page hook still checks every restriction against this request;
            # only their lookup (two queries) is kept per generation, like the page itself.
            hand_over(request, site, page.route(request, remaining), restrictions)
            for instance in site_settings:
                instance._request = request
                setattr(request, type(instance).get_cache_attr_name(), instance)
            return
        parts = [part for part in request.path_info.split("/") if part]
        if parts and get_language_from_path(request.path_info) not in (None, settings.LANGUAGE_CODE):
            parts = parts[1:]  # the language prefix (/en/...) is no page's slug (cong.i18n)
        route = Page.route_for_request(request, "/".join(parts))
        if route is None:
            return
        page, site = route[0], Site.find_for_request(request)  # memoised by route_for_request
        # The site's root page and its translations (/en/) are at one depth: one slug per level below.
        remaining = parts[page.depth - site.root_page.depth :]
        site_settings = [
            model.for_request(request) for model in registry if issubclass(model, BaseSiteSetting)
        ]
        restrictions = list(page.get_view_restrictions())
        cache.set(key, (site, page, remaining, site_settings, restrictions), settings.PAGECACHE_MAX_AGE)
