"""Admin views of the reports (Báo cáo menu). Every view checks its permission."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from cong.core.charts import bar_chart

from .models import ReportSettings
from .output import OutputReport, output_report
from .selfcheck import STATUS_LABELS, ItemResult, QualityCheck, quality_checks, requirements, self_check
from .spreadsheet import Table, csv_response, xlsx_response

MAX_PERIOD_DAYS = 3660


class PermissionMixin:
    permission = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PeriodForm(forms.Form):
    tu = forms.DateField(label="Từ ngày", input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    den = forms.DateField(label="Đến ngày", input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("tu", "den"):
            self.fields[name].widget.input_type = "date"
            self.fields[name].error_messages["invalid"] = "Ngày không hợp lệ (dd/mm/yyyy)."
            self.fields[name].error_messages["required"] = "Hãy chọn ngày."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("tu"), data.get("den")
        if first and last and first > last:
            raise forms.ValidationError("“Từ ngày” phải trước “Đến ngày”.")
        if first and last and (last - first).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError("Khoảng thời gian dài nhất là 10 năm.")
        return data


def presets(today: date) -> list[tuple[str, date, date]]:
    """This month, last month, this quarter, this year, last year."""
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return [
        ("Tháng này", month_start, today),
        ("Tháng trước", last_month_end.replace(day=1), last_month_end),
        ("Quý này", quarter_start, today),
        ("Năm nay", date(today.year, 1, 1), today),
        ("Năm trước", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


def one_decimal(hours: float | None) -> Decimal | None:
    return None if hours is None else Decimal(str(round(hours, 1)))


def output_tables(report: OutputReport) -> list[Table]:
    """The report's tables, exactly as the page shows them and the files contain them."""
    summary = Table("Tổng hợp", ["Chỉ tiêu", "Giá trị"])
    summary.rows = [
        ["Số tin bài đã đăng", report.published],
        ["Số tin bài qua quy trình duyệt", report.review.count],
        ["Thời gian từ gửi duyệt đến khi đăng, trung vị (giờ)", one_decimal(report.review.median_hours)],
        ["Thời gian từ gửi duyệt đến khi đăng, trung bình (giờ)", one_decimal(report.review.mean_hours)],
        ["Thời gian từ gửi duyệt đến khi đăng, lâu nhất (giờ)", one_decimal(report.review.max_hours)],
    ]
    authors = Table("Theo tác giả", ["Tác giả", "Đơn vị", "Số tin bài"])
    authors.rows = [[a.name, a.unit, a.articles] for a in report.by_author]
    if report.fees:
        summary.rows.append(["Tổng nhuận bút (đồng)", report.fee_total])
        authors.headings += ["Tổng hệ số", "Nhuận bút (đồng)"]
        authors.money_columns = frozenset({4})
        for row, author in zip(authors.rows, report.by_author, strict=True):
            row += [author.coefficients.quantize(Decimal("0.01")), author.fee]
    owners = Table(
        "Theo tài khoản", ["Tài khoản người viết", "Số tin bài"], [list(r) for r in report.by_owner]
    )
    categories = Table("Theo chuyên mục", ["Chuyên mục", "Số tin bài"], [list(r) for r in report.by_category])
    statuses = Table("Theo tình trạng", ["Tình trạng", "Số tin bài"], [list(r) for r in report.by_status])
    articles = Table(
        "Danh sách tin bài",
        [
            "Mã",
            "Tiêu đề",
            "Thời gian đăng",
            "Chuyên mục",
            "Tác giả",
            "Tài khoản",
            "Gửi duyệt đến khi đăng (giờ)",
        ],
    )
    for a in report.articles:
        articles.rows.append(
            [
                a.pk,
                a.title,
                a.published_at,
                a.category,
                " - ".join(a.authors),
                a.owner,
                one_decimal(a.review_hours),
            ]
        )
    if report.fees:
        articles.headings += ["Hệ số", "Nhuận bút (đồng)"]
        articles.money_columns = frozenset({8})
        for row, a in zip(articles.rows, report.articles, strict=True):
            row += [a.coefficient, a.fee]
    return [summary, authors, owners, categories, statuses, articles]


class OutputReportView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    permission = "reports.view_output_report"
    page_title = "Thống kê tin bài"
    header_icon = "doc-full"
    template_name = "reports/admin/output.html"
    breadcrumbs_items: list[dict[str, Any]] = []
    shown_articles = 500

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        data = request.GET if "tu" in request.GET or "den" in request.GET else None
        form = PeriodForm(data, initial={"tu": today.replace(day=1), "den": today})
        if data is not None and not form.is_valid():
            context = self.get_context_data(form=form, presets=presets(today))
            return self.render_to_response(context, status=400)
        first, last = (
            (form.cleaned_data["tu"], form.cleaned_data["den"]) if data else (today.replace(day=1), today)
        )
        config = ReportSettings.load(request_or_site=request)
        fees = config.fees_enabled and request.user.has_perm("reports.view_fees")
        report = output_report(first, last, fee_unit=config.fee_unit if fees else None)
        tables = output_tables(report)
        heading = [
            "Thống kê tin bài",
            f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y} (giờ Việt Nam)",
            f"Lập lúc {timezone.localtime():%d/%m/%Y %H:%M}",
        ]
        name = f"thong-ke-tin-bai-{first}-{last}"
        export = request.GET.get("xuat")
        if export == "xlsx":
            return xlsx_response(f"{name}.xlsx", heading, tables)
        if export == "csv":
            return csv_response(f"{name}.csv", heading, tables)
        *summary_tables, article_table = tables
        context = self.get_context_data(
            form=form,
            presets=presets(today),
            report=report,
            first=first,
            last=last,
            tables=summary_tables,
            article_table=article_table,
            article_rows=article_table.rows[: self.shown_articles],
            fees=fees,
            fee_grades=list(config.fee_grades.all()) if fees else [],
            chart=bar_chart(report.by_time, "Số tin bài đã đăng", "#0b4f8a"),
            query=f"tu={first.isoformat()}&den={last.isoformat()}",
        )
        return self.render_to_response(context)


def selfcheck_tables(items: list[ItemResult], checks: list[QualityCheck], base_url: str) -> list[Table]:
    results = Table(
        "Tự đánh giá",
        ["STT", "Mục thông tin", "Căn cứ", "Tình trạng", "Cập nhật lần cuối", "Ghi chú", "Cách kiểm tra"],
    )
    for n, item in enumerate(items, start=1):
        note = " ".join(part for part in (item.detail, item.fix_hint) if part)
        results.rows.append([n, item.title, item.source, item.status_label, item.updated_at, note, item.how])
    quality = Table("Chất lượng nội dung", ["Kiểm tra", "Số lượng"], [[c.title, c.total] for c in checks])
    details = Table("Chi tiết", ["Kiểm tra", "Đối tượng", "Vấn đề", "Sửa tại"])
    for check in checks:
        details.rows += [[check.title, label, problem, base_url + url] for label, problem, url in check.rows]
    return [results, quality, details]


class SelfCheckView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    permission = "reports.view_selfcheck"
    page_title = "Tự đánh giá theo Nghị định 42/2022"
    header_icon = "tasks"
    template_name = "reports/admin/selfcheck.html"
    breadcrumbs_items: list[dict[str, Any]] = []
    shown_rows = 20

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        config = ReportSettings.load(request_or_site=request)
        now = timezone.now()
        items = self_check(config.stale_after_days, now)
        checks = quality_checks(config.stale_after_days, now)
        if request.GET.get("xuat") == "xlsx":
            local = timezone.localtime(now)
            heading = [
                requirements()["title"],
                f"Lập lúc {local:%d/%m/%Y %H:%M}; quá hạn cập nhật sau {config.stale_after_days} ngày",
                requirements()["note"],
            ]
            tables = selfcheck_tables(items, checks, request.build_absolute_uri("/")[:-1])
            return xlsx_response(f"tu-danh-gia-nd42-{local:%Y-%m-%d}.xlsx", heading, tables)
        counts = {status: sum(1 for item in items if item.status == status) for status in STATUS_LABELS}
        context = self.get_context_data(
            items=items,
            checks=checks,
            counts=[(STATUS_LABELS[s], counts[s], s) for s in STATUS_LABELS],
            stale_after_days=config.stale_after_days,
            shown_rows=self.shown_rows,
            note=requirements()["note"],
        )
        return self.render_to_response(context)
