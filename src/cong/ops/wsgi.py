"""WSGI entry point of ``./cong serve``: the page cache's fast path (cong.pagecache.wsgi) with request
metrics around it, so that page-cache hits answered before Django are measured too.

It also keeps Python's cyclic garbage collector off the tail latency: a worker holds ~200,000 long-lived
objects (Django, Wagtail, templates, caches) and every full collection walked all of them — 100–300 ms
on this 2-core machine, a request's p99. The objects alive after start-up and after the first
``WARM_REQUESTS`` requests (templates compiled, caches filled) are moved out of the collector's reach
with ``gc.freeze()``; later collections walk only what requests create (docs/deploy.md, Latency).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from typing import Any

from cong.pagecache.wsgi import application as pagecache_application

from . import metrics

StartResponse = Callable[..., Any]
WARM_REQUESTS = 50


class MetricsWSGI:
    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app
        self.served = 0

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
            self.served += 1
            if self.served == WARM_REQUESTS:
                gc.freeze()  # no collection first: it would cost this request the pause avoided


application = MetricsWSGI(pagecache_application)
gc.collect()
gc.freeze()
