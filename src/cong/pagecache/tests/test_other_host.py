"""Several app hosts share one Redis: a new generation written by another host (not this host's
shared-memory counter) must make this process's copies in memory unused at once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.test import Client, override_settings

from cong.pagecache import store

from .conftest import get


def publish_on_other_host() -> None:
    """What another host's invalidation does here: a new shared generation, this host's counter untouched."""
    store.backend().set(store.GEN_KEY, store._new_token(), None)


@override_settings(PAGECACHE_SHARED_GENERATION=True)
def test_memory_copy_is_not_used_after_another_hosts_publish(seed_article: Any, client: Client) -> None:
    get(client, seed_article.url)
    assert get(client, seed_article.url)[0] == "hit"
    key = store.request_key(client.get(seed_article.url).wsgi_request.META)
    tag, entry = store.local_cache().get(key)
    store.local_cache().set(key, (tag, replace(entry, body=b"stale", gzipped=b"", brotli=b"")), 60)
    assert get(client, seed_article.url)[1] == "stale"
    counter = store.MIRROR.read()
    publish_on_other_host()
    assert store.MIRROR.read() == counter
    status, html = get(client, seed_article.url)
    assert status == "miss" and html != "stale"
    assert get(client, seed_article.url)[0] == "hit"


def test_fragments_and_routes_follow_another_hosts_generation(seed_article: Any, client: Client) -> None:
    """Fragments and the route cache are keyed by the generation read per request: a new one from
    another host makes every process render them again."""
    with override_settings(PAGECACHE_SHARED_GENERATION=True, PAGECACHE_ENABLED=False):
        first = client.get(seed_article.url).wsgi_request.META[store.ENVIRON_GEN]
        publish_on_other_host()
        second = client.get(seed_article.url).wsgi_request.META[store.ENVIRON_GEN]
        assert first != second == store.current_generation()


@override_settings(PAGECACHE_SHARED_GENERATION=True)
def test_memory_copy_is_not_used_after_another_hosts_tag_bump(seed_article: Any, client: Client) -> None:
    """One site's publish on another host bumps only that site's tag, not this host's epoch."""
    get(client, seed_article.url)
    assert get(client, seed_article.url)[0] == "hit"
    key = store.request_key(client.get(seed_article.url).wsgi_request.META)
    mark, entry = store.local_cache().get(key)
    assert entry.tags, "every page depends on its site's tag"
    store.local_cache().set(key, (mark, replace(entry, body=b"stale", gzipped=b"", brotli=b"")), 60)
    assert get(client, seed_article.url)[1] == "stale"
    epoch = store.MIRROR.read()
    store.backend().set_many({store.TAG_PREFIX + tag: store._new_token() for tag, _ in entry.tags}, None)
    assert store.MIRROR.read() == epoch
    status, html = get(client, seed_article.url)
    assert status == "miss" and html != "stale"
