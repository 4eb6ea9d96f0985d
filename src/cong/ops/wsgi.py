"""WSGI entry point of ``./cong serve``: the page cache's fast path (cong.pagecache.wsgi) with request
metrics around it, so that page-cache hits answered before Django are measured too."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from cong.pagecache.wsgi import application as pagecache_application

from . import metrics

StartResponse = Callable[..., Any]


class MetricsWSGI:
    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        cache = ""

        def recording_start_response(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            nonlocal cache
            cache = metrics.headers_value(headers, "x-page-cache")
            return start_response(status, headers, *exc_info)

        try:
            return self.app(environ, recording_start_response)
        finally:
            metrics.observe_request(environ, cache, time.perf_counter() - started)


application = MetricsWSGI(pagecache_application)
