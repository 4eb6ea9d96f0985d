"""Cost of a page-cache hit with and without tags, in process (no HTTP): ``store.find`` per call.

    DJANGO_SETTINGS_MODULE=cong.settings_test CONG_DATA_DIR=$(mktemp -d) .venv/bin/python bench/pagecache_tags.py

Stores one 13 KB response untagged (like the article) and one with a tag (like a schedule week), then
times 20,000 hits of each from the process's memory copy and from the shared cache (file cache, or
Redis with REDIS_URL). Prints microseconds per hit.
"""

from __future__ import annotations

import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402

from cong.pagecache import store  # noqa: E402

N = 20_000


def bench(key: str, local: bool) -> float:
    settings.PAGECACHE_LOCAL = local
    environ: dict[str, object] = {}
    assert store.find(key, environ) is not None
    start = time.perf_counter()
    for _ in range(N):
        store.find(key, environ)
    return (time.perf_counter() - start) / N * 1e6


def main() -> None:
    store._expiry_providers.clear()  # no database here: no banners to cap the lifetime
    generation = store.current_generation()
    counter = store.MIRROR.read()
    body = ("<p>Nội dung bài viết mẫu</p>" * 450).encode()
    plain = store.store("pagecache:bench:plain", generation, HttpResponse(body), 300, counter)
    rows = [("untagged", "pagecache:bench:plain")]
    if hasattr(store, "tag_tokens"):  # absent before tags existed: measure the untagged row only
        tags = store.tag_tokens(["schedule:1:2026-W49"])
        store.store("pagecache:bench:tagged", generation, HttpResponse(body), 300, counter, tags)
        rows.append(("tagged", "pagecache:bench:tagged"))
    assert plain is not None
    for name, key in rows:
        for local in (True, False):
            where = "process memory" if local else "shared cache"
            print(f"{name:9} hit from {where:14}: {bench(key, local):7.2f} µs")


if __name__ == "__main__":
    main()
