"""Visitor statistics: daily aggregates (kept) and short-lived counting state (pruned).

Only the aggregates (``DailyStats``, ``DailyPageViews``) are kept for good. The other tables are used
when there is no Redis: ``VisitorMark`` holds the salted visitor hashes of today and yesterday (to count
distinct visitors), ``OnlineVisitor`` the last five minutes, ``Salt`` the secret of the last two days.
No table has a column that could hold an IP address or a User-Agent.
"""

from __future__ import annotations

from django.db import models


class DailyStats(models.Model):
    """One local day (Asia/Ho_Chi_Minh): distinct visitors and page views."""

    day = models.DateField("Ngày", primary_key=True)
    visitors = models.PositiveIntegerField("Lượt khách", default=0)
    pageviews = models.PositiveIntegerField("Lượt xem trang", default=0)

    class Meta:
        verbose_name = "Thống kê ngày"
        verbose_name_plural = "Thống kê ngày"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visitors} lượt khách, {self.pageviews} lượt xem"


class DailyPageViews(models.Model):
    """Page views of one page on one local day. ``page_id`` is not a foreign key on purpose: the
    counts of a deleted page stay, so the per-page sum always equals the page-view total."""

    day = models.DateField("Ngày")
    page_id = models.IntegerField("Trang")
    views = models.PositiveIntegerField("Lượt xem", default=0)

    class Meta:
        verbose_name = "Lượt xem trang theo ngày"
        verbose_name_plural = "Lượt xem trang theo ngày"
        constraints = [models.UniqueConstraint(fields=["day", "page_id"], name="stats_pageviews_day_page")]
        indexes = [models.Index(fields=["page_id", "day"], name="stats_pageviews_page_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: trang {self.page_id}, {self.views} lượt xem"


class VisitorMark(models.Model):
    """A salted visitor hash seen on a day (SQL mode only; rows older than yesterday are deleted)."""

    day = models.DateField()
    vhash = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "vhash"], name="stats_visitormark_day_hash")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.vhash}"


class OnlineVisitor(models.Model):
    """Last page view of a salted visitor hash, as a Unix time (SQL mode only)."""

    vhash = models.CharField(max_length=32, primary_key=True)
    seen = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return self.vhash


class Salt(models.Model):
    """The random secret of one local day (SQL mode; Redis mode keeps it in Redis with an expiry)."""

    day = models.DateField(primary_key=True)
    value = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"
