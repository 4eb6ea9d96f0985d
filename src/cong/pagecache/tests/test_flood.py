"""Hole 3 of issue 12: the page cache can be neither flooded nor switched off from outside.

- a random query string creates no entry (only parameters a page declares are stored);
- the generation is out of reach of eviction (file cache: in its own file; Redis: no TTL);
- a forged cookie (``csrftoken=x``, ``sessionid=garbage``, ``messages=x``) does not bypass the cache.
"""

from __future__ import annotations

import pickle
import secrets
import shutil
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from cong.pagecache import store, vary_on_query
from cong.pagecache.middleware import PageCacheMiddleware

from .conftest import get

REDIS = bool(settings.REDIS_URL)


def entry_count() -> int:
    """Page entries in the shared cache (Redis: keys; file cache: files holding an entry)."""
    cache = store.backend()
    if hasattr(cache, "keys"):
        return len(cache.keys(store.ENTRY_PREFIX + "*"))
    count = 0
    for path in Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache"):
        with path.open("rb") as file:
            pickle.load(file)  # expiry
            count += isinstance(pickle.loads(zlib.decompress(file.read())), store.Entry)
    return count


def page_view(request: HttpRequest) -> HttpResponse:
    """Stands for a category page: paginated with ``trang``, ignores everything else."""
    vary_on_query(request, "trang")
    return HttpResponse(f"<html>{request.path}</html>")


def test_a_flood_of_random_queries_adds_no_entry(seed_article: Any, client: Client) -> None:
    get(client, seed_article.url)
    get(client, "/")
    assert get(client, seed_article.url)[0] == "hit"
    before = entry_count()
    assert before >= 2
    middleware = PageCacheMiddleware(page_view)
    factory = RequestFactory()
    targets = [seed_article.url, "/", "/kinh-te/"]
    for n in range(10_000):
        junk = secrets.token_hex(6)
        query = [f"r={junk}", f"trang=1&x{junk}=1", f"q={junk}", f"trang=1&trang={n}", f"{junk}"][n % 5]
        response = middleware(factory.get(f"{targets[n % 3]}?{query}"))
        assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
    assert entry_count() == before
    assert get(client, seed_article.url)[0] == "hit"


def test_real_pages_store_only_the_parameters_they_use(seed_article: Any, client: Client) -> None:
    category = seed_article.get_parent().url
    get(client, "/")
    before = entry_count()
    for url in (
        f"/?r={secrets.token_hex(4)}",
        f"{seed_article.url}?utm_source=x",
        f"{category}?trang=1&r=2",
        "/tim-kiem/?q=h%E1%BA%A3i&r=1",
    ):
        client.get(url)
        assert client.get(url).get("X-Page-Cache") != "hit", url
    assert entry_count() == before
    # Parameters the page itself reads are stored, in any order.
    assert get(client, f"{category}?trang=1")[0] == "miss"
    assert get(client, f"{category}?trang=1")[0] == "hit"
    get(client, "/tim-kiem/?q=ph%C3%B2ng&trang=1")
    assert get(client, "/tim-kiem/?trang=1&q=ph%C3%B2ng")[0] == "hit"


def test_an_absurd_query_string_is_never_looked_up() -> None:
    factory = RequestFactory()
    assert store.request_key(factory.get("/?" + "a" * 5000).META) is None
    assert store.request_key(factory.get("/?b=1&a=2").META) == store.request_key(
        factory.get("/?a=2&b=1").META
    )


@pytest.mark.parametrize(
    "cookie",
    [
        "csrftoken=x",
        "sessionid=garbage",
        f"sessionid={'a' * 32}",
        "messages=x",
        "messages=W1siX19qc29uX21lc3NhZ2UiLDAsMjAsIngiXV0:1abcde:forged",
        "theme=dark; csrftoken=x; sessionid=0123456789abcdefghijklmnopqrstuv",
    ],
)
def test_a_forged_cookie_does_not_bypass(seed_article: Any, client: Client, cookie: str) -> None:
    get(client, seed_article.url)
    response = Client().get(seed_article.url, HTTP_COOKIE=cookie)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit", cookie


def test_a_genuine_message_cookie_bypasses(seed_article: Any, client: Client) -> None:
    get(client, seed_article.url)
    signed = signing.get_cookie_signer(salt=CookieStorage.key_salt).sign("x")
    response = Client().get(seed_article.url, HTTP_COOKIE=f"messages={signed}")
    assert "X-Page-Cache" not in response


def test_an_anonymous_session_does_not_bypass(seed_article: Any, client: Client) -> None:
    from importlib import import_module

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["seen"] = True
    session.save()
    get(client, seed_article.url)
    response = Client().get(seed_article.url, HTTP_COOKIE=f"sessionid={session.session_key}")
    assert response["X-Page-Cache"] == "hit"


def test_the_generation_survives_a_full_cache(seed_article: Any, client: Client, monkeypatch: Any) -> None:
    generation = store.current_generation()
    cache = store.backend()
    if REDIS:
        # No TTL on the generation, a TTL on every entry: under maxmemory-policy volatile-lru
        # (docs/caching.md) Redis evicts entries, never the generation.
        get(client, seed_article.url)
        key = store.request_key(client.get(seed_article.url).wsgi_request.META)
        assert cache.ttl(store.GEN_KEY) is None
        assert 0 < cache.ttl(key) <= settings.PAGECACHE_MAX_AGE
    else:
        # The file cache culls a third of its files at random once it is full; the generation is not a
        # file of the cache, so culling can delete entries but never empty the whole cache.
        monkeypatch.setattr(cache, "_max_entries", 30)
        for n in range(200):
            cache.set(f"{store.ENTRY_PREFIX}filler-{n}", b"x" * 100, 60)
        assert entry_count() <= 31
        cache.delete(store.GEN_KEY)
    assert store.current_generation() == generation
    get(client, seed_article.url)
    assert get(client, seed_article.url)[0] == "hit"


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (.ci/run starts one)")
def test_a_full_redis_evicts_entries_never_the_generation(tmp_path: Path, settings: Any) -> None:
    """A Redis of our own with the documented policy (maxmemory + volatile-lru), filled past its limit."""
    from django.core.cache import caches

    from cong.pagecache.nginx import free_port

    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--maxmemory", "4mb", "--maxmemory-policy", "volatile-lru", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            },
        }
        settings.PAGECACHE_SHARED_GENERATION = True
        for _ in range(50):
            try:
                caches["default"].set("ping", 1, 10)
                break
            except Exception:
                time.sleep(0.1)
        generation = store.current_generation()
        for n in range(1000):  # about 20 MB of entries into 4 MB
            store.backend().set(f"{store.ENTRY_PREFIX}{n}", secrets.token_bytes(20_000), 3600)
        client = caches["default"].client.get_client()
        assert client.info("stats")["evicted_keys"] > 0
        assert store.current_generation() == generation
    finally:
        server.terminate()
        server.wait(timeout=10)
