"""Where hits are counted: SQL (atomic upserts, no Redis) or Redis (exact sets, flushed into SQL).

Both backends write the same SQL daily aggregates; the summary merges them with the live counts of
the Redis backend day by day with ``max`` (see ``cong.stats.counting``), so a flush never changes a
number readers see and never makes one go down.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from .models import DailyPageViews, DailyStats, OnlineVisitor, Salt, VisitorMark
from .periods import KEEP_DAYS, ONLINE_SECONDS, day_start, local_day, seconds_until

FLUSH_INTERVAL_SECONDS = 300


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def write_day_maximum(day: date, visitors: int, pageviews: dict[int, int]) -> None:
    """Raise the stored aggregates of ``day`` to at least these values (idempotent)."""
    greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    daily, pages = _table(DailyStats), _table(DailyPageViews)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {daily} (day, visitors, pageviews) VALUES (%s, %s, %s) "
            f"ON CONFLICT (day) DO UPDATE SET visitors = {greatest}({daily}.visitors, excluded.visitors), "
            f"pageviews = {greatest}({daily}.pageviews, excluded.pageviews)",
            [day, visitors, sum(pageviews.values())],
        )
        if pageviews:
            cursor.executemany(
                f"INSERT INTO {pages} (day, page_id, views) VALUES (%s, %s, %s) "
                f"ON CONFLICT (day, page_id) DO UPDATE SET views = {greatest}({pages}.views, excluded.views)",
                [(day, page_id, views) for page_id, views in pageviews.items()],
            )


class SqlBackend:
    """Every hit is one short transaction of atomic upserts, so concurrent workers lose nothing."""

    name = "sql"

    def __init__(self) -> None:
        self._salts: dict[date, str] = {}
        self._lock = threading.Lock()

    def salt(self, now: datetime) -> str:
        day = local_day(now)
        value = self._salts.get(day)
        if value is None:
            with transaction.atomic():
                value = Salt.objects.get_or_create(day=day, defaults={"value": secrets.token_hex(32)})[
                    0
                ].value
                self.prune(now)
            with self._lock:
                self._salts = {d: v for d, v in self._salts.items() if d >= day - timedelta(days=1)}
                self._salts[day] = value
        return value

    def record(self, now: datetime, vhash: str, page_id: int) -> None:
        day = local_day(now)
        marks, daily, pages, online = (
            _table(VisitorMark),
            _table(DailyStats),
            _table(DailyPageViews),
            _table(OnlineVisitor),
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {marks} (day, vhash) VALUES (%s, %s) ON CONFLICT (day, vhash) DO NOTHING",
                [day, vhash],
            )
            new_visitor = 1 if cursor.rowcount == 1 else 0
            cursor.execute(
                f"INSERT INTO {daily} (day, visitors, pageviews) VALUES (%s, %s, 1) ON CONFLICT (day) "
                f"DO UPDATE SET visitors = {daily}.visitors + excluded.visitors, pageviews = {daily}.pageviews + 1",
                [day, new_visitor],
            )
            cursor.execute(
                f"INSERT INTO {pages} (day, page_id, views) VALUES (%s, %s, 1) "
                f"ON CONFLICT (day, page_id) DO UPDATE SET views = {pages}.views + 1",
                [day, page_id],
            )
            cursor.execute(
                f"INSERT INTO {online} (vhash, seen) VALUES (%s, %s) "
                f"ON CONFLICT (vhash) DO UPDATE SET seen = excluded.seen",
                [vhash, now.timestamp()],
            )

    def live_visitors(self, days: Iterable[date]) -> dict[date, int]:
        return {}

    def live_page_views(self, page_id: int, days: Iterable[date]) -> dict[date, int]:
        return {}

    def online(self, now: datetime) -> int:
        return OnlineVisitor.objects.filter(seen__gt=now.timestamp() - ONLINE_SECONDS).count()

    def flush(self, now: datetime) -> int:
        """Nothing to move in SQL mode; drop expired counting state."""
        self.prune(now)
        return 0

    def prune(self, now: datetime) -> None:
        """Delete salts and visitor hashes older than yesterday, and visitors offline for 5 minutes."""
        yesterday = local_day(now) - timedelta(days=1)
        Salt.objects.filter(day__lt=yesterday).delete()
        VisitorMark.objects.filter(day__lt=yesterday).delete()
        OnlineVisitor.objects.filter(seen__lte=now.timestamp() - ONLINE_SECONDS).delete()

    def maybe_maintain(self, now: datetime) -> None:
        from django.core.cache import cache

        if cache.add("stats:maintain", 1, FLUSH_INTERVAL_SECONDS):
            self.prune(now)


class RedisBackend:
    """No SQL write per hit: one MULTI/EXEC per hit on exact Redis sets and hashes.

    Keys (under ``prefix``): ``v:<day>`` set of visitor hashes, ``pv:<day>`` hash page id → views,
    ``online`` sorted set hash → last seen, ``dirty`` set of days changed since the last flush,
    ``salt:<day>`` the day's secret (expires 48 h after the day began).
    """

    name = "redis"

    def __init__(self, client: Any, prefix: str) -> None:
        self.redis = client
        self.prefix = prefix
        self._salts: dict[date, str] = {}
        self._lock = threading.Lock()

    def key(self, *parts: object) -> str:
        return ":".join([self.prefix, *(str(p) for p in parts)])

    def salt(self, now: datetime) -> str:
        day = local_day(now)
        value = self._salts.get(day)
        if value is None:
            key = self.key("salt", day)
            ttl = seconds_until(day_start(day) + timedelta(days=2), now)
            self.redis.set(key, secrets.token_hex(32), nx=True, ex=ttl)
            raw = self.redis.get(key)
            value = raw.decode() if isinstance(raw, bytes) else str(raw)
            with self._lock:
                self._salts = {d: v for d, v in self._salts.items() if d >= day - timedelta(days=1)}
                self._salts[day] = value
        return value

    def record(self, now: datetime, vhash: str, page_id: int) -> None:
        day = local_day(now)
        ttl = seconds_until(day_start(day) + timedelta(days=KEEP_DAYS), now)
        visitors, views = self.key("v", day), self.key("pv", day)
        pipe = self.redis.pipeline(transaction=True)
        pipe.sadd(visitors, vhash)
        pipe.expire(visitors, ttl)
        pipe.hincrby(views, str(page_id), 1)
        pipe.expire(views, ttl)
        pipe.zadd(self.key("online"), {vhash: now.timestamp()})
        pipe.sadd(self.key("dirty"), day.isoformat())
        pipe.execute()

    def live_visitors(self, days: Iterable[date]) -> dict[date, int]:
        days = list(days)
        pipe = self.redis.pipeline(transaction=False)
        for day in days:
            pipe.scard(self.key("v", day))
        return {day: int(n) for day, n in zip(days, pipe.execute(), strict=True) if n}

    def live_page_views(self, page_id: int, days: Iterable[date]) -> dict[date, int]:
        days = list(days)
        pipe = self.redis.pipeline(transaction=False)
        for day in days:
            pipe.hget(self.key("pv", day), str(page_id))
        return {day: int(n) for day, n in zip(days, pipe.execute(), strict=True) if n}

    def online(self, now: datetime) -> int:
        return int(self.redis.zcount(self.key("online"), f"({now.timestamp() - ONLINE_SECONDS}", "+inf"))

    def flush(self, now: datetime) -> int:
        """Copy the counts of every changed day into SQL (idempotent: stored values only rise).

        A day is taken off the dirty set *before* it is read, so a hit that lands during the flush
        marks it dirty again and the next flush copies it."""
        flushed = 0
        self.redis.zremrangebyscore(self.key("online"), "-inf", now.timestamp() - ONLINE_SECONDS)
        for raw in sorted(self.redis.smembers(self.key("dirty"))):
            text = raw.decode() if isinstance(raw, bytes) else str(raw)
            day = date.fromisoformat(text)
            self.redis.srem(self.key("dirty"), text)
            try:
                pipe = self.redis.pipeline(transaction=True)
                pipe.scard(self.key("v", day))
                pipe.hgetall(self.key("pv", day))
                visitors, views = pipe.execute()
                write_day_maximum(day, int(visitors), {int(k): int(v) for k, v in views.items()})
            except Exception:
                self.redis.sadd(self.key("dirty"), text)
                raise
            flushed += 1
        return flushed

    def maybe_maintain(self, now: datetime) -> None:
        if self.redis.set(self.key("flush-lock"), "1", nx=True, ex=FLUSH_INTERVAL_SECONDS):
            self.flush(now)


_backend: SqlBackend | RedisBackend | None = None


def get_backend() -> SqlBackend | RedisBackend:
    """The backend chosen by the settings: Redis when REDIS_URL is set, SQL otherwise."""
    global _backend
    if _backend is None:
        if settings.REDIS_URL:
            from django_redis import get_redis_connection

            _backend = RedisBackend(get_redis_connection("default"), f"{settings.CACHE_KEY_PREFIX}:stats")
        else:
            _backend = SqlBackend()
    return _backend
