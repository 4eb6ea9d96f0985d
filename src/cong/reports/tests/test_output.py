"""The output report on a fixture with known counts: numbers, fees, statuses, review times, exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Page

from cong.core.testing import collapse
from cong.editorial.tests.conftest import PASSWORD, article_form
from cong.news.models import ArticlePage, CategoryPage
from cong.reports.models import FeeGrade, ReportSettings
from cong.reports.output import output_report, split_fee
from cong.reports.templatetags.report_tags import cell

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = {"tu": "2025-11-01", "den": "2025-11-30"}
URL = "/admin/reports/thong-ke-tin-bai/"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=VN)


def publish(
    parent: Page, title: str, byline: str, when: datetime, coefficient: str | None = None
) -> ArticlePage:
    with time_machine.travel(when, tick=False):
        article = parent.add_child(
            instance=ArticlePage(
                title=title,
                byline=byline,
                fee_coefficient=Decimal(coefficient) if coefficient else None,
            )
        )
        article.save_revision().publish()
    article.refresh_from_db()
    return article


def press(client: Client, page: Page, action: str) -> None:
    page.refresh_from_db()
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    assert client.post(url, {"comment": ""}).status_code == 302


def submit(client: Client, parent: Page, title: str, byline: str = "") -> ArticlePage:
    data = {**article_form(title, byline=byline), "action-submit": "1"}
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", parent.pk))
    assert client.post(url, data).status_code == 302
    return ArticlePage.objects.get(title=title)


def login(username: str) -> Client:
    client = Client()
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def november(home: Any, make_user: Any) -> dict[str, Any]:
    """November 2025: four articles published (one through the workflow), four in other states,
    two published just outside the month."""
    with time_machine.travel(at(1, 7), tick=False):
        thoi_su = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
        thoi_su.save_revision().publish()
        kinh_te = home.add_child(instance=CategoryPage(title="Kinh tế", slug="kinh-te"))
        kinh_te.save_revision().publish()
        users = {name: make_user(name) for name in ("phongvien", "bientap", "truongban")}

    publish(thoi_su, "A1 hai tác giả", "Hoàng Tùng - Đàm Thanh", at(3, 8), "1.5")
    publish(thoi_su, "A2 một tác giả", "Bài và ảnh: Hoàng Tùng", at(10, 9), "2")
    publish(kinh_te, "A3 không tác giả", "", at(30, 23, 30), "1.25")
    publish(kinh_te, "Ngoài kỳ, trước", "Hoàng Tùng", at(31, 23, 59, month=10), "1")
    publish(kinh_te, "Ngoài kỳ, sau", "Hoàng Tùng", datetime(2025, 12, 1, tzinfo=VN), "1")

    with time_machine.travel(at(20, 9), tick=False):
        a4 = submit(login("phongvien"), thoi_su, "A4 qua quy trình duyệt", "Đàm Thanh")
    with time_machine.travel(at(20, 10), tick=False):
        press(login("bientap"), a4, "approve")
    with time_machine.travel(at(20, 15), tick=False):
        press(login("truongban"), a4, "approve")

    with time_machine.travel(at(21, 9), tick=False):
        submit(login("phongvien"), thoi_su, "R1 đang chờ duyệt")
        rejected = submit(login("phongvien"), thoi_su, "X1 bị trả lại")
        press(login("bientap"), rejected, "reject")
        draft_data = article_form("D1 bản nháp")
        url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", thoi_su.pk))
        assert login("phongvien").post(url, draft_data).status_code == 302
    gone = publish(kinh_te, "U1 đã gỡ", "Hoàng Tùng", at(5, 8))
    with time_machine.travel(at(6, 8), tick=False):
        gone.unpublish()
    return {"users": users, "clients": {name: login(name) for name in users}}


def test_counts_match_the_fixture(november: dict[str, Any]) -> None:
    report = output_report(date(2025, 11, 1), date(2025, 11, 30), fee_unit=100_000)
    assert report.published == 4
    assert [a.title for a in report.articles] == [
        "A1 hai tác giả",
        "A2 một tác giả",
        "A4 qua quy trình duyệt",
        "A3 không tác giả",
    ]
    assert [(a.name, a.articles, a.fee) for a in report.by_author] == [
        ("Hoàng Tùng", 2, 75_000 + 200_000),
        ("Đàm Thanh", 2, 75_000),
        ("(Không ghi tác giả)", 1, 125_000),
    ]
    assert report.fee_total == 475_000
    assert report.by_category == [("Thời sự", 3), ("Kinh tế", 1)]
    assert report.by_owner == [("(Không rõ)", 3), ("Phóng viên phongvien", 1)]
    assert report.by_status == [
        ("Nháp", 1),
        ("Chờ duyệt", 1),
        ("Bị trả lại", 1),
        ("Đang đăng", 4),
        ("Đã gỡ", 1),
    ]
    assert report.review.count == 1 and report.review.median_hours == pytest.approx(6.0)
    assert sum(count for _, count in report.by_time) == 4
    assert dict(report.by_time)["30/11/2025"] == 1 and len(report.by_time) == 30

    without_fees = output_report(date(2025, 11, 1), date(2025, 11, 30))
    assert not without_fees.fees and without_fees.fee_total == 0
    assert all(a.fee is None and a.coefficient is None for a in without_fees.articles)


def test_fee_shares_add_up() -> None:
    assert split_fee(100_000, 3) == [33_334, 33_333, 33_333]
    assert sum(split_fee(7, 4)) == 7


def page_tables(html: str) -> dict[str, list[list[str]]]:
    tables = {}
    for title, body in re.findall(
        r'<table class="listing" data-report-table="([^"]+)">(.*?)</table>', html, re.S
    ):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        tables[title] = [
            [collapse(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows
        ]
    return tables


def shown(xlsx_cell: Any) -> str:
    """An XLSX cell as the page writes it (Vietnamese separators and decimals, dd/mm/yyyy)."""
    value = xlsx_cell.value
    if isinstance(value, int | float) and xlsx_cell.number_format.startswith("0."):
        value = Decimal(str(value)).quantize(Decimal(xlsx_cell.number_format))
    return cell(value)


def refused(response: Any) -> None:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message."""
    assert response.status_code == 302 and response.url == "/admin/", response.status_code


def enable_fees(unit: int = 100_000) -> None:
    config = ReportSettings.load()
    config.fees_enabled, config.fee_unit = True, unit
    config.save()
    FeeGrade.objects.create(settings=config, name="Tin", coefficient=Decimal("1.5"), sort_order=0)


def test_export_reads_back_as_the_page_shows(november: dict[str, Any]) -> None:
    enable_fees()
    head = november["clients"]["truongban"]
    html = head.get(URL, NOVEMBER).content.decode()
    assert "<svg" in html and "Khung nhuận bút" in html
    response = head.get(URL, {**NOVEMBER, "xuat": "xlsx"})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="thong-ke-tin-bai-2025-11-01-2025-11-30.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    on_page = page_tables(html)
    assert set(book.sheetnames) == set(on_page) | {"Tổng hợp"} or set(book.sheetnames) == set(on_page)
    for title, rows in on_page.items():
        sheet = book[title[:31]]
        values = [list(r) for r in sheet.iter_rows(min_row=5)]
        assert [[c.value for c in values[0]]] == [rows[0]]  # headings
        assert [[shown(v) for v in row] for row in values[1:]] == rows[1:], title
    # Real types: counts are numbers, dates are dates, money is a number with a thousands format.
    authors = book["Theo tác giả"]
    assert authors["A6"].value == "Hoàng Tùng" and authors["C6"].value == 2 and authors["E6"].value == 275_000
    assert authors["E6"].number_format == "#,##0"
    articles = book["Danh sách tin bài"]
    assert articles["C6"].value == datetime(2025, 11, 3, 8, 0) and articles["C6"].is_date
    assert articles["I9"].value == 125_000 and articles["I8"].value is None  # A4 has no coefficient
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=6, values_only=True)}
    assert summary["Số tin bài đã đăng"] == 4 and summary["Tổng nhuận bút (đồng)"] == 475_000


def test_csv_cannot_inject_formulas(november: dict[str, Any]) -> None:
    article = ArticlePage.objects.get(title="A3 không tác giả")
    article.byline = "=SUM(1+2) - +cmd"
    article.title = "@SUM(A1)"
    article.save()
    head = november["clients"]["truongban"]
    text = head.get(URL, {**NOVEMBER, "xuat": "csv"}).content.decode("utf-8-sig")
    cells = [value for row in csv.reader(io.StringIO(text)) for value in row]
    assert "'=SUM(1+2)" in cells and "'+cmd" in cells and "'@SUM(A1)" in cells
    assert not any(value.startswith(("=", "+", "@")) for value in cells)
    book = load_workbook(io.BytesIO(head.get(URL, {**NOVEMBER, "xuat": "xlsx"}).content))
    titles = [c for row in book["Danh sách tin bài"].iter_rows() for c in row if c.value == "@SUM(A1)"]
    assert titles and titles[0].data_type == "s"


def test_bad_period_is_a_400_with_the_reason(november: dict[str, Any]) -> None:
    head = november["clients"]["truongban"]
    response = head.get(URL, {"tu": "2025-11-30", "den": "2025-11-01"})
    assert response.status_code == 400 and "“Từ ngày” phải trước “Đến ngày”." in response.content.decode()
    assert head.get(URL, {"tu": "hôm qua", "den": "2025-11-01"}).status_code == 400


def test_only_head_and_administrator_see_the_report_and_fees(november: dict[str, Any], as_role: Any) -> None:
    enable_fees()
    clients = november["clients"]
    for name in ("phongvien", "bientap"):
        for params in (NOVEMBER, {**NOVEMBER, "xuat": "xlsx"}, {**NOVEMBER, "xuat": "csv"}):
            refused(clients[name].get(URL, params))
        assert "Thống kê tin bài" not in clients[name].get("/admin/").content.decode()
    for client in (clients["truongban"], as_role("quantri")):
        assert URL in client.get("/admin/").content.decode()  # in the Báo cáo menu
        html = client.get(URL, NOVEMBER).content.decode()
        assert "Nhuận bút (đồng)" in html and "475.000" in html

    # An account allowed to see the report but not the fees gets the report without any fee.
    viewers = Group.objects.create(name="Xem thống kê")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_output_report")
    )
    november["users"]["bientap"].groups.add(viewers)
    html = clients["bientap"].get(URL, NOVEMBER).content.decode()
    assert "Số tin bài đã đăng" in html and "Nhuận bút" not in html and "475.000" not in html
    xlsx = load_workbook(io.BytesIO(clients["bientap"].get(URL, {**NOVEMBER, "xuat": "xlsx"}).content))
    assert all("Nhuận bút (đồng)" not in [c.value for c in row] for s in xlsx for row in s.iter_rows())

    # Fees off (the default): nobody sees them.
    config = ReportSettings.load()
    config.fees_enabled = False
    config.save()
    assert "Nhuận bút" not in clients["truongban"].get(URL, NOVEMBER).content.decode()


def test_only_head_and_administrator_can_set_the_fee_coefficient(
    november: dict[str, Any], as_role: Any
) -> None:
    article = ArticlePage.objects.get(title="D1 bản nháp")
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    clients = november["clients"]
    assert 'name="fee_coefficient"' in clients["truongban"].get(edit).content.decode()
    assert 'name="fee_coefficient"' not in clients["bientap"].get(edit).content.decode()
    # A forged field from an editor is ignored; the head's value is kept.
    forged = {**article_form("D1 bản nháp"), "fee_coefficient": "9"}
    assert clients["bientap"].post(edit, forged).status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().fee_coefficient is None
    negative = clients["truongban"].post(edit, {**article_form("D1 bản nháp"), "fee_coefficient": "-1"})
    assert negative.status_code == 200  # the form again, with the error
    ok = clients["truongban"].post(edit, {**article_form("D1 bản nháp"), "fee_coefficient": "1.5"})
    assert ok.status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().fee_coefficient == Decimal(
        "1.5"
    )
