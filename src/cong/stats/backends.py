"""Where hits are counted: SQL (atomic upserts, no Redis) or Redis (exact sets, flushed into SQL).

Both backends write the same SQL daily aggregates; the summary merges them with the live counts of
the Redis backend day by day with ``max`` (see ``cong.stats.counting``), so a flush never changes a
number readers see and never makes one go down.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import multiprocessing.util
import os
import secrets
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from .models import DailyPageViews, DailyStats, OnlineVisitor, Salt, VisitorMark
from .periods import KEEP_DAYS, ONLINE_SECONDS, TZ, day_start, local_day, seconds_until

FLUSH_INTERVAL_SECONDS = 300
# Each worker writes its hits together this often (see HitBuffer).
BATCH_SECONDS = 0.2

logger = logging.getLogger(__name__)


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


Hit = tuple[date, str, int, float]  # local day, visitor hash, page id, Unix time


class HitBuffer:
    """Hits kept in memory by one worker process and written together, in one transaction or one
    Redis MULTI, every ``seconds`` by a background thread, before the process reads any number, and
    when it exits (atexit for gunicorn workers, the multiprocessing finalizers for granian workers;
    the exit waits for a write in progress). A killed worker (SIGKILL, OOM, power loss) loses at most
    its last ``seconds`` of hits. With ``seconds`` = 0 every hit is written at once."""

    def __init__(self, write: Callable[[list[Hit]], None], seconds: float, autoflush: bool) -> None:
        self.write = write
        self.seconds = seconds
        self.autoflush = autoflush
        self._pending: list[Hit] = []
        self._pending_lock = threading.Lock()
        self._drain_lock = threading.Lock()
        self._flusher_pid = 0

    def add(self, hit: Hit) -> None:
        if not self.seconds:
            self.write([hit])
            return
        with self._pending_lock:
            self._pending.append(hit)
            if self.autoflush and self._flusher_pid != os.getpid():  # first hit in this process
                self._flusher_pid = os.getpid()
                threading.Thread(target=self._flush_loop, name="stats-flusher", daemon=True).start()
                atexit.register(self._drain_quietly)
                multiprocessing.util.Finalize(self, self._drain_quietly, exitpriority=100)

    def pending(self) -> int:
        """How many hits wait in this process's buffer (the stats buffer size in /metrics)."""
        return len(self._pending)

    def drain(self) -> int:
        """Write the pending hits now; returns how many. One drain at a time, so the drain at exit
        waits for the background thread's write in progress instead of missing it."""
        with self._drain_lock:
            with self._pending_lock:
                hits, self._pending = self._pending, []
            if hits:
                try:
                    self.write(hits)
                except Exception:
                    with self._pending_lock:
                        self._pending[:0] = hits  # keep them for the next try
                    raise
        return len(hits)

    def _drain_quietly(self) -> None:
        try:
            self.drain()
        except Exception:
            logger.exception("Không ghi được số liệu truy cập khi dừng tiến trình.")

    def _flush_loop(self) -> None:
        while True:
            time.sleep(self.seconds)
            try:
                self.drain()
            except Exception:
                logger.exception("Không ghi được số liệu truy cập; sẽ thử lại.")
            finally:
                connection.close_if_unusable_or_obsolete()


class BufferedBackend:
    """What both backends share: the per-worker hit buffer and the per-worker copy of the daily salts."""

    def __init__(self, batch_seconds: float, autoflush: bool) -> None:
        self.buffer = HitBuffer(self._write, batch_seconds, autoflush)
        self._salts: dict[date, str] = {}
        self._lock = threading.Lock()

    def _write(self, hits: list[Hit]) -> None:
        raise NotImplementedError

    def _new_salt(self, day: date, now: datetime) -> str:
        """The stored salt of ``day``, created if it does not exist yet."""
        raise NotImplementedError

    def salt(self, now: datetime) -> str:
        day = local_day(now)
        value = self._salts.get(day)
        if value is None:
            value = self._new_salt(day, now)
            with self._lock:
                self._salts = {d: v for d, v in self._salts.items() if d >= day - timedelta(days=1)}
                self._salts[day] = value
        return value

    def record(self, now: datetime, vhash: str, page_id: int) -> None:
        self.buffer.add((local_day(now), vhash, page_id, now.timestamp()))

    def drain(self) -> int:
        return self.buffer.drain()


class SqlBackend(BufferedBackend):
    """Hits are written with atomic upserts, so concurrent workers lose nothing.

    With ``batch_seconds`` > 0 a worker keeps its hits in memory and writes them together, in one
    transaction, every ``batch_seconds`` (background thread), before it reads any number, and when it
    exits; a killed worker (SIGKILL, power loss) loses at most that many seconds of its own hits.
    On SQLite the writers also queue on an exclusive ``flock`` before taking the database's write
    lock: the kernel wakes the next waiter as soon as the lock is free, where SQLite's busy handler
    sleeps up to 100 ms between retries."""

    name = "sql"

    def __init__(self, batch_seconds: float = 0.0, autoflush: bool = True) -> None:
        super().__init__(batch_seconds, autoflush)
        self._lock_file: Any = None

    @contextmanager
    def _writer_queue(self) -> Iterator[None]:
        if connection.vendor != "sqlite":
            yield
            return
        with self._lock:
            if self._lock_file is None:
                self._lock_file = open(Path(settings.DATA_DIR) / "stats-write.lock", "a+b")
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def _new_salt(self, day: date, now: datetime) -> str:
        with transaction.atomic():
            created = Salt.objects.get_or_create(day=day, defaults={"value": secrets.token_hex(32)})
            self.prune(now)
        return created[0].value

    def _write(self, hits: list[Hit]) -> None:
        """One transaction: new visitors per day, page views per day and page, last-seen times."""
        marks: dict[date, set[str]] = defaultdict(set)
        views: Counter[tuple[date, int]] = Counter()
        day_views: Counter[date] = Counter()
        seen: dict[str, float] = {}
        for day, vhash, page_id, ts in hits:
            marks[day].add(vhash)
            views[day, page_id] += 1
            day_views[day] += 1
            seen[vhash] = max(ts, seen.get(vhash, ts))
        greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
        t_marks, t_daily, t_pages, t_online = (
            _table(VisitorMark),
            _table(DailyStats),
            _table(DailyPageViews),
            _table(OnlineVisitor),
        )
        with self._writer_queue(), transaction.atomic(), connection.cursor() as cursor:
            new_visitors = {}
            for day, hashes in marks.items():
                new_visitors[day] = 0
                for vhash in sorted(hashes):
                    cursor.execute(
                        f"INSERT INTO {t_marks} (day, vhash) VALUES (%s, %s) ON CONFLICT (day, vhash) DO NOTHING",
                        [day, vhash],
                    )
                    new_visitors[day] += max(cursor.rowcount, 0)
            cursor.executemany(
                f"INSERT INTO {t_daily} (day, visitors, pageviews) VALUES (%s, %s, %s) ON CONFLICT (day) "
                f"DO UPDATE SET visitors = {t_daily}.visitors + excluded.visitors, "
                f"pageviews = {t_daily}.pageviews + excluded.pageviews",
                [(day, new_visitors[day], n) for day, n in sorted(day_views.items())],
            )
            cursor.executemany(
                f"INSERT INTO {t_pages} (day, page_id, views) VALUES (%s, %s, %s) "
                f"ON CONFLICT (day, page_id) DO UPDATE SET views = {t_pages}.views + excluded.views",
                [(day, page_id, n) for (day, page_id), n in sorted(views.items())],
            )
            cursor.executemany(
                f"INSERT INTO {t_online} (vhash, seen) VALUES (%s, %s) "
                f"ON CONFLICT (vhash) DO UPDATE SET seen = {greatest}({t_online}.seen, excluded.seen)",
                sorted(seen.items()),
            )

    def live_visitors(self, days: Iterable[date]) -> dict[date, int]:
        return {}

    def live_page_views(self, page_id: int, days: Iterable[date]) -> dict[date, int]:
        return {}

    def online(self, now: datetime) -> int:
        return OnlineVisitor.objects.filter(seen__gt=now.timestamp() - ONLINE_SECONDS).count()

    def flush(self, now: datetime) -> int:
        """Write this process's pending hits and drop expired counting state."""
        self.drain()
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


class RedisBackend(BufferedBackend):
    """No SQL write per hit: exact Redis sets and hashes, written in one MULTI per batch of hits.

    Keys (under ``prefix``): ``v:<day>`` set of visitor hashes, ``pv:<day>`` hash page id → views,
    ``online`` sorted set hash → last seen, ``dirty`` set of days changed since the last flush,
    ``salt:<day>`` the day's secret (expires 48 h after the day began).
    """

    name = "redis"

    def __init__(self, client: Any, prefix: str, batch_seconds: float = 0.0, autoflush: bool = True) -> None:
        super().__init__(batch_seconds, autoflush)
        self.redis = client
        self.prefix = prefix

    def key(self, *parts: object) -> str:
        return ":".join([self.prefix, *(str(p) for p in parts)])

    def _new_salt(self, day: date, now: datetime) -> str:
        key = self.key("salt", day)
        ttl = seconds_until(day_start(day) + timedelta(days=2), now)
        self.redis.set(key, secrets.token_hex(32), nx=True, ex=ttl)
        raw = self.redis.get(key)
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    def _write(self, hits: list[Hit]) -> None:
        """One atomic MULTI/EXEC round trip for a batch of hits."""
        visitors: dict[date, set[str]] = defaultdict(set)
        views: Counter[tuple[date, int]] = Counter()
        seen: dict[str, float] = {}
        last: dict[date, float] = {}
        for day, vhash, page_id, ts in hits:
            visitors[day].add(vhash)
            views[day, page_id] += 1
            seen[vhash] = max(ts, seen.get(vhash, ts))
            last[day] = max(ts, last.get(day, ts))
        pipe = self.redis.pipeline(transaction=True)
        for day, hashes in visitors.items():
            now = datetime.fromtimestamp(last[day], TZ)
            ttl = seconds_until(day_start(day) + timedelta(days=KEEP_DAYS), now)
            pipe.sadd(self.key("v", day), *sorted(hashes))
            pipe.expire(self.key("v", day), ttl)
            for (view_day, page_id), n in views.items():
                if view_day == day:
                    pipe.hincrby(self.key("pv", day), str(page_id), n)
            pipe.expire(self.key("pv", day), ttl)
            pipe.sadd(self.key("dirty"), day.isoformat())
        pipe.zadd(self.key("online"), seen, gt=True)
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
        self.drain()
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


def pending_hits() -> int:
    """Hits buffered in this process and not written yet (0 before the first hit)."""
    return _backend.buffer.pending() if _backend is not None else 0


def get_backend() -> SqlBackend | RedisBackend:
    """The backend chosen by the settings: Redis when REDIS_URL is set, SQL otherwise."""
    global _backend
    if _backend is None:
        if settings.REDIS_URL:
            from django_redis import get_redis_connection

            # The test suite's database lives in one connection: no background writer there.
            _backend = RedisBackend(
                get_redis_connection("default"),
                f"{settings.CACHE_KEY_PREFIX}:stats",
                batch_seconds=BATCH_SECONDS,
                autoflush=not settings.TESTING,
            )
        else:
            _backend = SqlBackend(batch_seconds=BATCH_SECONDS, autoflush=not settings.TESTING)
    return _backend
