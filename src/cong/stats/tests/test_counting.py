"""Definitions and invariants of the counters, driven by an explicit clock across period boundaries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cong.stats.backends import RedisBackend, SqlBackend
from cong.stats.counting import count_hit, page_views, summarize, visitor_hash
from cong.stats.models import DailyPageViews, DailyStats, OnlineVisitor, Salt, VisitorMark
from cong.stats.periods import ONLINE_SECONDS, TZ, local_day, month_start, week_start

# Ten minutes before: Sunday → Monday; Monday 30/11 → Tuesday 01/12 (the week straddles two months);
# Thursday 31/12 → 01/01 (new year); Sunday 28/02/2027 → Monday 01/03 (month and week together).
BOUNDARIES = [
    datetime(2026, 11, 29, 23, 50, tzinfo=TZ),
    datetime(2026, 11, 30, 23, 50, tzinfo=TZ),
    datetime(2026, 12, 31, 23, 50, tzinfo=TZ),
    datetime(2027, 2, 28, 23, 50, tzinfo=TZ),
]

step = st.one_of(
    st.tuples(st.just("hit"), st.integers(0, 5), st.integers(1, 3), st.integers(0, 400)),
    st.tuples(st.just("flush"), st.just(0), st.just(0), st.integers(0, 400)),
    st.tuples(st.just("wait"), st.just(0), st.just(0), st.integers(0, 3 * 86400)),
)


class Reference:
    """The definitions, computed naively from the list of hits."""

    def __init__(self) -> None:
        self.visitors: dict[date, set[int]] = defaultdict(set)
        self.views: dict[int, int] = defaultdict(int)
        self.hits: list[tuple[datetime, int]] = []

    def hit(self, now: datetime, visitor: int, page: int) -> None:
        self.visitors[local_day(now)].add(visitor)
        self.views[page] += 1
        self.hits.append((now, visitor))

    def period(self, first: date, last: date) -> int:
        return sum(len(v) for day, v in self.visitors.items() if first <= day <= last)

    def online(self, now: datetime) -> int:
        # Identity is per day (the salt changes at midnight), so a reader across midnight is two.
        return len(
            {(local_day(t), v) for t, v in self.hits if now.timestamp() - t.timestamp() < ONLINE_SECONDS}
        )


def _reset_sql() -> None:
    for model in (DailyStats, DailyPageViews, VisitorMark, OnlineVisitor, Salt):
        model.objects.all().delete()


def run_scenario(backend: Any, start: datetime, steps: list[tuple[str, int, int, int]]) -> None:
    ref = Reference()
    seen: dict[Any, int] = {}
    now = start
    for kind, visitor, page, advance in steps:
        now += timedelta(seconds=advance)
        if kind == "hit":
            count_hit(now, f"203.0.113.{visitor}", "Mozilla/5.0 Test", 1, page, backend)
            ref.hit(now, visitor, page)
        elif kind == "flush":
            backend.flush(now)
        s = summarize(now, backend)
        today = local_day(now)
        assert s.today == ref.period(today, today)
        assert s.week == ref.period(week_start(today), today)
        assert s.month == ref.period(month_start(today), today)
        assert s.total == ref.period(date.min, today)
        assert s.online == ref.online(now)
        assert s.today <= s.week <= s.total and s.today <= s.month <= s.total
        if week_start(today) >= month_start(today):
            assert s.week <= s.month
        for key, value in [
            (("today", today), s.today),
            (("week", week_start(today)), s.week),
            (("month", month_start(today)), s.month),
            ("total", s.total),
        ]:
            assert value >= seen.get(key, 0), (key, value, seen.get(key))
            seen[key] = value
        views = {p: page_views(p, now, backend) for p in (1, 2, 3)}
        assert views == {p: ref.views.get(p, 0) for p in (1, 2, 3)}
    backend.flush(now)
    stored_views = sum(DailyPageViews.objects.values_list("views", flat=True))
    assert stored_views == sum(DailyStats.objects.values_list("pageviews", flat=True)) == len(ref.hits)


PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@pytest.mark.parametrize("batch", [False, True], ids=["per-hit", "batched"])
@PROPERTY
@given(start=st.sampled_from(BOUNDARIES), steps=st.lists(step, min_size=1, max_size=25))
def test_sql_backend_definitions_and_invariants(batch: bool, start: datetime, steps: list[Any]) -> None:
    _reset_sql()
    run_scenario(SqlBackend(batch_seconds=60 if batch else 0, autoflush=False), start, steps)


def test_batched_sql_backend_writes_pending_hits_together(db: Any, django_assert_num_queries: Any) -> None:
    backend = SqlBackend(batch_seconds=60, autoflush=False)
    now = datetime(2026, 12, 7, 6, 0, tzinfo=TZ)
    backend.salt(now)
    with django_assert_num_queries(0):
        for n in range(30):
            count_hit(now, f"203.0.113.{n % 10}", "UA", 1, n % 3, backend)
    assert not DailyStats.objects.exists()
    assert backend.drain() == 30 and backend.drain() == 0
    row = DailyStats.objects.get()
    assert (row.visitors, row.pageviews) == (10, 30)
    assert sorted(DailyPageViews.objects.values_list("page_id", "views")) == [(0, 10), (1, 10), (2, 10)]


@pytest.mark.django_db
@pytest.mark.parametrize("batch", [False, True], ids=["per-hit", "batched"])
@PROPERTY
@given(start=st.sampled_from(BOUNDARIES), steps=st.lists(step, min_size=1, max_size=25))
def test_redis_backend_definitions_and_invariants(
    redis_backend: RedisBackend, batch: bool, start: datetime, steps: list[Any]
) -> None:
    _reset_sql()
    keys = list(redis_backend.redis.scan_iter(match=f"{redis_backend.prefix}:*"))
    if keys:
        redis_backend.redis.delete(*keys)
    backend = RedisBackend(
        redis_backend.redis, redis_backend.prefix, batch_seconds=60 if batch else 0, autoflush=False
    )
    run_scenario(backend, start, steps)


def test_week_may_exceed_month_when_it_began_last_month(db: Any) -> None:
    """Tuesday 01/12/2026: the week began on Monday 30/11, which is not in "this month"."""
    backend = SqlBackend()
    monday = datetime(2026, 11, 30, 10, tzinfo=TZ)
    count_hit(monday, "203.0.113.1", "UA", 1, 1, backend)
    count_hit(monday + timedelta(days=1), "203.0.113.1", "UA", 1, 1, backend)
    s = summarize(monday + timedelta(days=1), backend)
    assert (s.today, s.week, s.month, s.total) == (1, 2, 1, 2)


def test_same_visitor_is_one_per_day_and_new_each_day(db: Any) -> None:
    backend = SqlBackend()
    t = datetime(2026, 12, 2, 8, tzinfo=TZ)
    for minutes in (0, 10, 600):
        count_hit(t + timedelta(minutes=minutes), "198.51.100.7", "UA", 1, 1, backend)
    # Another browser behind the same address: one whose User-Agent falls in another of the day's
    # buckets (two User-Agents share a bucket one time in STATS_VISITORS_PER_ADDRESS).
    salt = backend.salt(t)
    other = next(
        ua
        for ua in (f"Other UA {n}" for n in range(100))
        if visitor_hash(salt, "198.51.100.7", ua, 1) != visitor_hash(salt, "198.51.100.7", "UA", 1)
    )
    count_hit(t, "198.51.100.7", other, 1, 1, backend)
    count_hit(t, "198.51.100.7", "UA", 2, 1, backend)  # another site
    assert summarize(t + timedelta(hours=11), backend).today == 3
    count_hit(t + timedelta(days=1), "198.51.100.7", "UA", 1, 1, backend)
    s = summarize(t + timedelta(days=1), backend)
    assert (s.today, s.week) == (1, 4)


def test_visitor_hash_depends_on_salt_ip_user_agent_and_site() -> None:
    salt = "ab" * 32
    base = visitor_hash(salt, "203.0.113.5", "UA", 1)
    assert len(base) == 32 and "203" not in base
    assert base == visitor_hash(salt, "203.0.113.5", "UA", 1)
    others = [
        visitor_hash("cd" * 32, "203.0.113.5", "UA", 1),
        visitor_hash(salt, "203.0.113.6", "UA", 1),
        visitor_hash(salt, "203.0.113.5", "UA2", 1),
        visitor_hash(salt, "203.0.113.5", "UA", 2),
    ]
    assert base not in others and len(set(others)) == 4


def test_sql_salt_is_random_rotated_at_midnight_and_deleted_after_48_hours(db: Any) -> None:
    backend = SqlBackend()
    day1 = datetime(2026, 12, 7, 0, 0, 1, tzinfo=TZ)
    first = backend.salt(day1)
    assert backend.salt(day1 + timedelta(hours=23, minutes=59)) == first
    second = backend.salt(day1 + timedelta(days=1))
    assert second != first
    assert set(Salt.objects.values_list("day", flat=True)) == {date(2026, 12, 7), date(2026, 12, 8)}
    backend.salt(day1 + timedelta(days=2))
    assert set(Salt.objects.values_list("day", flat=True)) == {date(2026, 12, 8), date(2026, 12, 9)}
    assert SqlBackend().salt(day1 + timedelta(days=2)) != first  # a new process reads the same salt
    assert SqlBackend().salt(day1 + timedelta(days=2)) == backend.salt(day1 + timedelta(days=2))


def test_redis_salt_expires_48_hours_after_the_day_began(redis_backend: RedisBackend) -> None:
    now = datetime(2026, 12, 7, 6, 0, tzinfo=TZ)
    salt = redis_backend.salt(now)
    assert RedisBackend(redis_backend.redis, redis_backend.prefix).salt(now) == salt
    ttl = redis_backend.redis.ttl(redis_backend.key("salt", date(2026, 12, 7)))
    assert 42 * 3600 - 5 <= ttl <= 42 * 3600
    assert redis_backend.salt(now + timedelta(days=1)) != salt


def test_redis_hit_writes_no_sql(
    redis_backend: RedisBackend, django_assert_num_queries: Any, db: Any
) -> None:
    now = datetime(2026, 12, 7, 6, 0, tzinfo=TZ)
    with django_assert_num_queries(0):
        for n in range(20):
            count_hit(now, f"203.0.113.{n}", "UA", 1, 5, redis_backend)
    assert redis_backend.live_visitors([local_day(now)]) == {local_day(now): 20}
    assert not DailyStats.objects.exists()
    assert redis_backend.flush(now) == 1
    assert redis_backend.flush(now) == 0  # nothing changed since
    assert DailyStats.objects.get().visitors == 20 and DailyStats.objects.get().pageviews == 20


def test_redis_flush_is_idempotent_and_never_lowers_stored_counts(
    redis_backend: RedisBackend, db: Any
) -> None:
    now = datetime(2026, 12, 7, 6, 0, tzinfo=TZ)
    for n in range(3):
        count_hit(now, f"203.0.113.{n}", "UA", 1, 5, redis_backend)
    redis_backend.flush(now)
    redis_backend.redis.sadd(redis_backend.key("dirty"), "2026-12-07")
    redis_backend.flush(now)
    assert DailyStats.objects.get().visitors == 3
    # Redis lost its data (restart without persistence): the stored day keeps its number.
    redis_backend.redis.delete(redis_backend.key("v", "2026-12-07"), redis_backend.key("pv", "2026-12-07"))
    count_hit(now, "203.0.113.99", "UA", 1, 5, redis_backend)
    redis_backend.flush(now)
    row = DailyStats.objects.get()
    assert (row.visitors, row.pageviews) == (3, 3)
    assert summarize(now, redis_backend).today == 3


def test_sql_prune_removes_hashes_older_than_yesterday_and_offline_visitors(db: Any) -> None:
    backend = SqlBackend()
    t = datetime(2026, 12, 7, 12, tzinfo=TZ)
    count_hit(t - timedelta(days=2), "203.0.113.1", "UA", 1, 1, backend)
    count_hit(t - timedelta(days=1), "203.0.113.1", "UA", 1, 1, backend)
    count_hit(t, "203.0.113.1", "UA", 1, 1, backend)
    backend.flush(t + timedelta(minutes=6))
    assert set(VisitorMark.objects.values_list("day", flat=True)) == {date(2026, 12, 6), date(2026, 12, 7)}
    assert not OnlineVisitor.objects.exists()
    assert summarize(t, backend).total == 3
