"""Counting and reading the numbers: visitor identity, the summary and per-page views.

Per day, the stored SQL aggregate and the live Redis count are merged with ``max``; both only grow, so
each day's number only grows. A period's number is the sum of its days' numbers, so it only grows
while the period lasts, and a period that contains another one has at least its number.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from .backends import RedisBackend, SqlBackend, get_backend
from .filters import MAX_USER_AGENT_LENGTH, client_ip
from .models import DailyPageViews, DailyStats
from .periods import days_between, local_day, month_start, week_start, window_start

Backend = SqlBackend | RedisBackend


def visitor_hash(salt: str, ip: str, user_agent: str, site_id: int) -> str:
    """The visitor's identity for one day: keyed BLAKE2b of IP, User-Agent bucket and site (128 bits).

    The User-Agent only picks one of ``STATS_VISITORS_PER_ADDRESS`` buckets (keyed by the day's salt),
    so one address rotating its User-Agent counts as at most that many visitors a day, while different
    browsers behind one address (an office's NAT) still mostly count apart. Without the day's salt
    (deleted 48 h after the day began) the hash cannot be linked to an IP."""
    key = bytes.fromhex(salt)
    ua_digest = hashlib.blake2b(user_agent.encode("utf-8", "replace"), key=key, digest_size=8).digest()
    bucket = int.from_bytes(ua_digest, "big") % max(1, settings.STATS_VISITORS_PER_ADDRESS)
    data = "\x00".join([ip, str(bucket), str(site_id)]).encode("utf-8", "replace")
    return hashlib.blake2b(data, key=key, digest_size=16).hexdigest()


def visitor_key(
    request: HttpRequest, scope: str, site_id: int, now: datetime | None = None, salt: str | None = None
) -> str:
    """A visitor's identity within ``scope`` (e.g. "rate:question"), for other apps: one vote per
    visitor, per-visitor rate limits. The counter's keyed hash of IP, User-Agent and site, with the
    day's salt (so it changes every day) or with ``salt`` (hex) for a longer scope whose owner deletes
    that salt when it ends (a poll), hashed once more with the scope. The IP is never returned or stored."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT_LENGTH]
    key = salt or get_backend().salt(now or timezone.now())
    identity = visitor_hash(key, client_ip(request), user_agent, site_id)
    return hashlib.blake2b(scope.encode(), key=bytes.fromhex(identity), digest_size=16).hexdigest()


def count_hit(
    now: datetime, ip: str, user_agent: str, site_id: int, page_id: int, backend: Backend | None = None
) -> None:
    backend = backend or get_backend()
    backend.record(now, visitor_hash(backend.salt(now), ip, user_agent, site_id), page_id)


@dataclass(frozen=True)
class Summary:
    online: int
    today: int
    week: int
    month: int
    total: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def daily_visitors(now: datetime, backend: Backend | None = None) -> tuple[dict[date, int], int]:
    """Visitors of each day of the live window (merged), and the stored total of the days before it."""
    backend = backend or get_backend()
    backend.drain()
    today = local_day(now)
    first = window_start(today)
    stored = dict(DailyStats.objects.filter(day__gte=first, day__lte=today).values_list("day", "visitors"))
    older = DailyStats.objects.filter(day__lt=first).aggregate(n=Sum("visitors"))["n"] or 0
    live = backend.live_visitors(days_between(first, today))
    days = {day: max(stored.get(day, 0), live.get(day, 0)) for day in days_between(first, today)}
    return days, older


def summarize(now: datetime, backend: Backend | None = None) -> Summary:
    backend = backend or get_backend()
    backend.drain()
    # Online first: read before the daily counts, it cannot exceed them while hits keep arriving.
    online = backend.online(now)
    today = local_day(now)
    days, older = daily_visitors(now, backend)
    return Summary(
        online=online,
        today=days[today],
        week=sum(n for day, n in days.items() if day >= week_start(today)),
        month=sum(n for day, n in days.items() if day >= month_start(today)),
        total=older + sum(days.values()),
    )


def page_views(page_id: int, now: datetime, backend: Backend | None = None) -> int:
    """All-time views of one page (stored days, with the live window merged day by day)."""
    backend = backend or get_backend()
    backend.drain()
    today = local_day(now)
    first = window_start(today)
    rows = DailyPageViews.objects.filter(page_id=page_id)
    older = rows.filter(day__lt=first).aggregate(n=Sum("views"))["n"] or 0
    stored: dict[Any, int] = dict(rows.filter(day__gte=first).values_list("day", "views"))
    live = backend.live_page_views(page_id, days_between(first, today))
    return older + sum(max(stored.get(day, 0), live.get(day, 0)) for day in stored.keys() | live.keys())
