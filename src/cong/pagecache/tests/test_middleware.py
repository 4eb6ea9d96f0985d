"""What is cached and for whom: anonymous visitors only, never editors, previews, forms or beacons."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from cong.pagecache import store
from cong.pagecache.middleware import PageCacheMiddleware

from .conftest import get


def test_anonymous_views_are_served_from_the_cache(seed_article: Any, client: Client) -> None:
    status, first = get(client, seed_article.url)
    assert status == "miss"
    status, second = get(client, seed_article.url)
    assert status == "hit" and second == first
    head = client.head(seed_article.url)
    assert head["X-Page-Cache"] == "hit" and head.content == b""
    assert head["Content-Type"].startswith("text/html") and head["X-Frame-Options"] == "SAMEORIGIN"


def test_etag_answers_not_modified(seed_article: Any, client: Client) -> None:
    get(client, seed_article.url)
    etag = client.get(seed_article.url)["ETag"]
    assert client.get(seed_article.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(seed_article.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_logged_in_editor_is_never_served_nor_stored(
    seed_article: Any, client: Client, django_user_model: Any
) -> None:
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("bientap", "b@example.org", "x" * 12))
    # The editor's own render (it could carry editor-only parts) must not reach the cache...
    assert "X-Page-Cache" not in editor.get(seed_article.url)
    assert get(client, seed_article.url)[0] == "miss"
    # ...and an existing anonymous entry is not served to the editor.
    assert get(client, seed_article.url)[0] == "hit"
    assert "X-Page-Cache" not in editor.get(seed_article.url)


def test_only_private_cookies_matter(seed_article: Any, client: Client) -> None:
    """Forged csrftoken/sessionid/messages cookies: test_flood.py; a real session: the editor above."""
    get(client, seed_article.url)
    unrelated = Client()
    unrelated.cookies["_ga"] = "1"
    assert unrelated.get(seed_article.url)["X-Page-Cache"] == "hit"


def test_admin_preview_and_beacons_are_never_cached(home: Any, client: Client) -> None:
    factory = RequestFactory()
    for path in ("/admin/pages/3/edit/preview/", "/admin/login/", "/stats/summary.json", "/stats/hit"):
        assert store.request_key(factory.get(path).META) is None, path
    assert store.request_key(factory.post("/").META) is None
    assert store.request_key(factory.get("/", HTTP_AUTHORIZATION="Basic eDp5").META) is None
    assert store.request_key(factory.get("/").META) is not None
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_query_string_and_host_are_part_of_the_key() -> None:
    factory = RequestFactory()
    keys = {
        store.request_key(factory.get("/kinh-te/").META),
        store.request_key(factory.get("/kinh-te/?trang=2").META),
        store.request_key(factory.get("/kinh-te/", HTTP_HOST="localhost").META),
    }
    assert len(keys) == 3


def _middleware_response(response: HttpResponse) -> HttpResponse:
    request = RequestFactory().get("/some-page/")
    return PageCacheMiddleware(lambda _request: response)(request)


def test_uncacheable_responses_are_not_stored(db: Any) -> None:
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "t")
    private = HttpResponse("x", headers={"Cache-Control": "private"})
    no_store = HttpResponse("x", headers={"Cache-Control": "no-store"})
    varies = HttpResponse("x", headers={"Vary": "Accept-Language"})
    not_found = HttpResponse("x", status=404)
    for response in (with_cookie, private, no_store, varies, not_found):
        assert "X-Page-Cache" not in _middleware_response(response)
    assert _middleware_response(HttpResponse("x", headers={"Vary": "Cookie"}))["X-Page-Cache"] == "miss"


def test_response_max_age_caps_the_entry(db: Any) -> None:
    response = _middleware_response(HttpResponse("x", headers={"Cache-Control": "public, max-age=10"}))
    assert response["X-Page-Cache"] == "miss"
    key = store.request_key(RequestFactory().get("/some-page/").META)
    entry = store.lookup(key, store.current_generation())
    assert entry is not None and entry.expires <= time.time() + 10
    assert int(response["X-Accel-Expires"]) <= 10


@override_settings(PAGECACHE_ENABLED=False)
def test_switched_off(seed_article: Any, client: Client) -> None:
    client.get(seed_article.url)
    assert "X-Page-Cache" not in client.get(seed_article.url)


def test_process_memory_follows_the_generation_counter(seed_article: Any, client: Client) -> None:
    get(client, seed_article.url)
    assert get(client, seed_article.url)[0] == "hit"
    key = store.request_key(client.get(seed_article.url).wsgi_request.META)
    counter, entry = store.local_cache().get(key)
    # Redis: tagged with the shared generation (any host's publish moves it); file cache: this host's counter.
    shared = settings.PAGECACHE_SHARED_GENERATION
    assert counter == (store.current_generation() if shared else store.MIRROR.read())
    # A new generation made by another process (on this host, or with Redis on any host) makes the
    # entry kept in this process's memory unused.
    store.local_cache().set(key, (counter, entry_with_body(entry, b"stale")), 60)
    assert get(client, seed_article.url)[1] == "stale"
    store.bump_generation()
    status, html = get(client, seed_article.url)
    assert status == "miss" and html != "stale"


def entry_with_body(entry: store.Entry, body: bytes) -> store.Entry:
    return store.Entry(entry.generation, entry.expires, entry.status, entry.headers, body, entry.etag)
