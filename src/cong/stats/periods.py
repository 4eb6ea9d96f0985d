"""Local days and counting periods (Asia/Ho_Chi_Minh), all computed from an explicit ``now``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ONLINE_SECONDS = 300
# Redis keeps a day's counting sets this long after the day began; a flush must happen before.
KEEP_DAYS = 8
# Days whose live (unflushed) counts are merged into the summary: longer than KEEP_DAYS, so a day
# drops out of the window only after its Redis keys have expired (and were flushed long before).
LIVE_WINDOW_DAYS = 10


def local_day(now: datetime) -> date:
    return now.astimezone(TZ).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TZ)


def week_start(day: date) -> date:
    """Monday of the week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def window_start(day: date) -> date:
    """First day whose counts may still be live (not yet flushed); covers the week and the month."""
    return min(week_start(day), month_start(day), day - timedelta(days=LIVE_WINDOW_DAYS - 1))


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds from ``now`` to ``moment`` (at least 1), for Redis expiries."""
    return max(1, int((moment - now).total_seconds()))
