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
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from cong.core import charts
from cong.core.csvsafe import safe_row
from cong.news.models import ArticlePage, HomePage

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


@dataclass(frozen=True)
class SiteRow:
    home: HomePage | None  # None: pages under no home page (deleted since, or outside every site)
    views: int


def site_pageviews(first: date, last: date) -> list[SiteRow]:
    """Page views per site (each home page's tree; a component site under a path of another counts
    for itself only), most viewed first. The rows add up to the installation's total."""
    totals = (
        DailyPageViews.objects.filter(day__gte=first, day__lte=last)
        .values("page_id")
        .annotate(views=Sum("views"))
    )
    views = {row["page_id"]: row["views"] for row in totals}
    paths = dict(Page.objects.filter(pk__in=list(views)).values_list("pk", "path"))
    homes = {home.path: home for home in HomePage.objects.only("pk", "title", "path", "depth")}
    step = Page.steplen
    per_home: dict[str | None, int] = {}
    for page_id, count in views.items():
        path = paths.get(page_id, "")
        # The deepest home page whose path is a prefix of this page's (treebeard paths).
        found = next((path[:n] for n in range(len(path), 0, -step) if path[:n] in homes), None)
        per_home[found] = per_home.get(found, 0) + count
    rows = [SiteRow(homes[path] if path else None, count) for path, count in per_home.items()]
    return sorted(rows, key=lambda row: (-row.views, row.home.path if row.home else "~"))


def top_articles(
    first: date, last: date, limit: int = TOP_ARTICLES, home: Page | None = None
) -> list[tuple[ArticlePage, int]]:
    articles = ArticlePage.objects.descendant_of(home) if home is not None else ArticlePage.objects
    totals = (
        DailyPageViews.objects.filter(day__gte=first, day__lte=last, page_id__in=articles.values("pk"))
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

    def home(self) -> HomePage | None:
        """The site chosen with ``?site=<home page id>`` (None: every site)."""
        value = self.request.GET.get("site", "")
        return HomePage.objects.filter(pk=int(value)).first() if value.isdigit() else None

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
        if export == "sites":
            return self.csv_sites(first, last)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        last = local_day(timezone.now())
        days = self.period()
        first = last - timedelta(days=days - 1)
        rows = daily_rows(first, last)
        sites, home = site_pageviews(first, last), self.home()
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
            articles=top_articles(first, last, home=home),
            home=home,
            sites=sites,
            sites_total=sum(row.views for row in sites),
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
        found = top_articles(first, last, limit=1000, home=self.home())
        rows = [[page.title, page.url or "", views] for page, views in found]
        return self._csv(f"bai-xem-nhieu-{first}-{last}.csv", ["Bài viết", "Địa chỉ", "Lượt xem"], rows)

    def csv_sites(self, first: date, last: date) -> HttpResponse:
        sites = site_pageviews(first, last)
        rows = [[row.home.title if row.home else "Trang khác", row.views] for row in sites]
        rows.append(["Toàn bộ các cổng", sum(row.views for row in sites)])
        return self._csv(f"luot-xem-theo-cong-{first}-{last}.csv", ["Cổng", "Lượt xem trang"], rows)
