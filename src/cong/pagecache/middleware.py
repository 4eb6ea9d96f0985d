"""The page cache as Django middleware: first in MIDDLEWARE, so a hit skips sessions, auth and the rest.

Under ``./cong serve`` the WSGI wrapper (cong.pagecache.wsgi) answers hits even earlier, before Django
builds a request; this middleware then only stores misses. With any other server (runserver, the test
client, a plain ``cong.wsgi``) it also answers hits.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from . import store


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = store.request_key(request.META)
        if key is None:
            return self.get_response(request)
        generation = request.META.get(store.ENVIRON_GEN)
        if generation is None:
            generation = store.current_generation()
            entry = store.lookup(key, generation)
            if entry is not None:
                return cached_response(
                    entry, request.method == "HEAD", request.META.get("HTTP_IF_NONE_MATCH")
                )
        response = self.get_response(request)
        max_age = store.response_max_age(response) if request.method == "GET" else None
        if max_age is None:
            return response
        entry = store.store(key, generation, response, max_age)
        if entry is not None:
            for name, value in store.proxy_headers(entry, time.time()):
                response[name] = value
            response["X-Page-Cache"] = "miss"
        return response


def cached_response(entry: store.Entry, head: bool, if_none_match: str | None) -> HttpResponse:
    if if_none_match and if_none_match == entry.etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(b"" if head else entry.body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
    for name, value in store.proxy_headers(entry, time.time()):
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response
