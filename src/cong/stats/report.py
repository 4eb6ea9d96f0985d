"""The admin report (Báo cáo → Thống kê truy cập): daily chart as server-side SVG, top articles, CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.generic import TemplateView
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from cong.core import charts
from cong.core.csvsafe import safe_row
from cong.news.models import ArticlePage

from .backends import get_backend
from .models import DailyPageViews, DailyStats
from .periods import days_between, local_day

PERIODS = (30, 90, 365)
TOP_ARTICLES = 20


@dataclass(frozen=True)
class DayRow:
    day: date
    visitors: int
    pageviews: int


def daily_rows(first: date, last: date) -> list[DayRow]:
    stored = {
        row["day"]: row
        for row in DailyStats.objects.filter(day__gte=first, day__lte=last).values(
            "day", "visitors", "pageviews"
        )
    }
    return [
        DayRow(day, stored.get(day, {}).get("visitors", 0), stored.get(day, {}).get("pageviews", 0))
        for day in days_between(first, last)
    ]


def top_articles(first: date, last: date, limit: int = TOP_ARTICLES) -> list[tuple[ArticlePage, int]]:
    totals = (
        DailyPageViews.objects.filter(
            day__gte=first, day__lte=last, page_id__in=ArticlePage.objects.values("pk")
        )
        .values("page_id")
        .annotate(views=Sum("views"))
        .order_by("-views", "page_id")[:limit]
    )
    views = {row["page_id"]: row["views"] for row in totals}
    pages = ArticlePage.objects.filter(pk__in=views).defer_streamfields().in_bulk()
    return [(pages[pk], n) for pk, n in views.items() if pk in pages]


def bar_chart(rows: list[DayRow], field: str, label: str, color: str) -> SafeString:
    """An accessible SVG bar chart of one column, one bar per day (cong.core.charts)."""
    return charts.bar_chart(
        [(row.day.strftime("%d/%m/%Y"), getattr(row, field)) for row in rows], label, color
    )


# Who may see the statistics: whoever may view the daily aggregates (the report roles).
report_permission_policy = ModelPermissionPolicy(DailyStats)


class StatsReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = report_permission_policy
    permission_required = "view"
    page_title = "Thống kê truy cập"
    header_icon = "view"
    template_name = "stats/admin/report.html"
    breadcrumbs_items: list[dict[str, Any]] = []

    def period(self) -> int:
        try:
            days = int(self.request.GET.get("days", PERIODS[0]))
        except ValueError:
            return PERIODS[0]
        return days if days in PERIODS else PERIODS[0]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        now = timezone.now()
        get_backend().flush(now)  # Redis mode: bring the SQL aggregates up to date first
        last = local_day(now)
        first = last - timedelta(days=self.period() - 1)
        export = request.GET.get("csv")
        if export == "days":
            return self.csv_days(first, last)
        if export == "articles":
            return self.csv_articles(first, last)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        last = local_day(timezone.now())
        days = self.period()
        first = last - timedelta(days=days - 1)
        rows = daily_rows(first, last)
        context.update(
            days=days,
            periods=PERIODS,
            first=first,
            last=last,
            rows=list(reversed(rows)),
            visitors_total=sum(r.visitors for r in rows),
            pageviews_total=sum(r.pageviews for r in rows),
            visitors_chart=bar_chart(rows, "visitors", "Lượt khách theo ngày", "#0b4f8a"),
            pageviews_chart=bar_chart(rows, "pageviews", "Lượt xem trang theo ngày", "#b8860b"),
            articles=top_articles(first, last),
        )
        return context

    def _csv(self, name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # spreadsheet programs read UTF-8 Vietnamese correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(header)
        writer.writerows(safe_row(row) for row in rows)
        return response

    def csv_days(self, first: date, last: date) -> HttpResponse:
        rows = [[r.day.isoformat(), r.visitors, r.pageviews] for r in daily_rows(first, last)]
        return self._csv(
            f"thong-ke-truy-cap-{first}-{last}.csv", ["Ngày", "Lượt khách", "Lượt xem trang"], rows
        )

    def csv_articles(self, first: date, last: date) -> HttpResponse:
        rows = [[page.title, page.url or "", views] for page, views in top_articles(first, last, limit=1000)]
        return self._csv(f"bai-xem-nhieu-{first}-{last}.csv", ["Bài viết", "Địa chỉ", "Lượt xem"], rows)
