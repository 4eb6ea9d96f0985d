"""Stats test fixtures: a clean counting state per test, and a Redis backend on its own key prefix."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from cong.stats import backends
from cong.stats.filters import resolver

TEST_REDIS_URL = "redis://127.0.0.1:6379/12"


def _delete_prefix(client: Any, prefix: str) -> None:
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_stats_state() -> Iterator[None]:
    """Forget cached pages and salts, and empty the configured backend's Redis keys."""
    resolver.clear()
    backends._backend = None
    backend = backends.get_backend()
    if isinstance(backend, backends.RedisBackend):
        _delete_prefix(backend.redis, backend.prefix)
    yield
    if isinstance(backend, backends.RedisBackend):
        _delete_prefix(backend.redis, backend.prefix)
    backends._backend = None


@pytest.fixture
def redis_backend() -> Iterator[backends.RedisBackend]:
    """A Redis backend on REDIS_URL (or the stats test db 12) under a unique key prefix."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL or TEST_REDIS_URL)
    backend = backends.RedisBackend(client, f"cong-test-stats-{uuid.uuid4().hex[:12]}")
    yield backend
    _delete_prefix(client, backend.prefix)
