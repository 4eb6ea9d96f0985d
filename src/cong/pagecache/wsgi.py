"""WSGI entry point of ``./cong serve``: page-cache hits are answered before Django builds a request.

A hit costs one read of the generation and one read of the entry from the shared cache; no request
object, no middleware, no signals. Everything else goes to Django unchanged.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings")

from django.core.wsgi import get_wsgi_application

from . import store

StartResponse = Callable[..., Any]
_REASONS = {200: "200 OK", 304: "304 Not Modified"}


class PageCacheWSGI:
    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = store.request_key(environ)
        if key is None:
            return self.app(environ, start_response)
        entry = store.find(key, environ)
        if entry is None:
            return self.app(environ, start_response)
        body, etag, variant_headers = entry.variant(environ.get("HTTP_ACCEPT_ENCODING", ""))
        extra = [*store.proxy_headers(entry, time.time(), etag), ("X-Page-Cache", "hit")]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response(_REASONS[304], extra)
            return []
        start_response(
            _REASONS.get(entry.status) or f"{entry.status} OK", [*entry.headers, *variant_headers, *extra]
        )
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


application = PageCacheWSGI(get_wsgi_application())
