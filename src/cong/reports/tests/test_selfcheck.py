"""The Decree 42 self-check: items flip from missing to present to stale; registry; quality checks."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Page, Site

from cong.core.models import PortalSettings
from cong.news.models import ArticlePage
from cong.reports import selfcheck
from cong.reports.models import ReportSettings

pytestmark = pytest.mark.django_db
URL = "/admin/reports/tu-danh-gia-nd42/"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2025, 11, 3, 8, 0, tzinfo=VN)


def statuses(days: int = 90) -> dict[str, str]:
    return {item.id: item.status for item in selfcheck.self_check(days)}


def test_requirements_are_data_with_their_legal_source() -> None:
    data = json.loads(selfcheck.DATA_FILE.read_text(encoding="utf-8"))
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == len(set(ids)) >= 19
    for item in data["items"]:
        assert re.search(r"(Nghị định 42/2022/NĐ-CP|Thông tư 22/2023/TT-BTTTT)$", item["source"]), item
        assert item["detect"]["kind"] in {*selfcheck.DETECTORS, "registry"}
        assert item["title"] and item["how"]


def test_news_flips_from_missing_to_present_to_stale(category: Any) -> None:
    with time_machine.travel(START, tick=False):
        assert statuses()["tin-tuc"] == selfcheck.MISSING
        article = category.add_child(instance=ArticlePage(title="Tin đầu tiên", byline="A", source="B"))
        article.save_revision().publish()
        assert statuses()["tin-tuc"] == selfcheck.PRESENT
    with time_machine.travel(START + timedelta(days=89), tick=False):
        assert statuses()["tin-tuc"] == selfcheck.PRESENT
    with time_machine.travel(START + timedelta(days=91), tick=False):
        assert statuses()["tin-tuc"] == selfcheck.STALE
        assert statuses(days=120)["tin-tuc"] == selfcheck.PRESENT  # the limit is a setting
        ArticlePage.objects.get(pk=article.pk).save_revision().publish()
        assert statuses()["tin-tuc"] == selfcheck.PRESENT


def test_contacts_and_introduction_are_detected(home: Any) -> None:
    assert statuses()["lien-he"] == selfcheck.MISSING
    assert statuses()["gioi-thieu"] == selfcheck.MISSING
    PortalSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"address": "Số 18 Hoàng Diệu", "phones": "0225 3821055", "email": "cong@haiphong.gov.vn"},
    )
    intro = home.add_child(instance=Page(title="Giới thiệu", slug="gioi-thieu"))
    intro.save_revision().publish()
    result = statuses()
    assert result["lien-he"] == selfcheck.PRESENT and result["gioi-thieu"] == selfcheck.PRESENT


def test_features_not_built_are_missing_until_an_app_registers(home: Any) -> None:
    result = statuses()
    for item in ("hoi-dap", "lay-y-kien", "danh-gia", "ma-emc", "co-cau-to-chuc", "thu-tuc-hanh-chinh"):
        assert result[item] == selfcheck.MISSING, item
    assert result["tim-kiem"] == result["so-do-cong"] == selfcheck.PRESENT
    old = datetime(2020, 1, 1, tzinfo=VN)
    selfcheck.register(
        "hoi-dap", lambda: selfcheck.Evidence(present=True, updated_at=old, detail="12 câu hỏi")
    )
    try:
        item = next(i for i in selfcheck.self_check(90) if i.id == "hoi-dap")
        assert item.status == selfcheck.STALE and item.detail == "12 câu hỏi"
    finally:
        selfcheck.unregister("hoi-dap")
    assert statuses()["hoi-dap"] == selfcheck.MISSING


def test_quality_checks(category: Any, import_records: Any, write_image: Any) -> None:
    body = f'<p>Xem <a href="/x/">trang</a></p><figure><img src="{write_image("a.jpg")}"></figure>'
    assert import_records(
        [
            {"title": "Có đủ", "category": "Thời sự", "authors": ["A"], "source": "B", "body": "<p>x</p>"},
            {"title": "Thiếu nguồn", "category": "Thời sự", "authors": ["A"], "body": body},
        ]
    ).ok
    target = ArticlePage.objects.get(title="Có đủ")
    article = ArticlePage.objects.get(title="Thiếu nguồn")
    links = [
        {"type": "text", "value": f'<p><a linktype="page" id="{target.pk}">ok</a></p>'},
        {"type": "text", "value": '<p><a linktype="page" id="999999">hỏng</a></p>'},
    ]
    article.body = json.dumps([*article.body.raw_data, *links])
    article.save_revision().publish()
    checks = {check.id: check for check in selfcheck.quality_checks(90)}
    assert checks["tin-thieu-nguon-tac-gia"].total == 1
    assert checks["tin-thieu-nguon-tac-gia"].rows[0][:2] == ("Thiếu nguồn", "Thiếu nguồn tin")
    assert checks["anh-thieu-mo-ta"].total == 1
    assert [row[1] for row in checks["lien-ket-hong"].rows] == ["Liên kết tới trang số 999999"]
    target.unpublish()
    checks = {check.id: check for check in selfcheck.quality_checks(90)}
    assert checks["lien-ket-hong"].total == 2  # a link to an unpublished page is broken for readers


def test_page_and_dated_export(as_role: Any, category: Any) -> None:
    config = ReportSettings.load()
    config.stale_after_days = 30
    config.save()
    head = as_role("truongban")
    html = head.get(URL).content.decode()
    assert 'data-item="tin-tuc" data-status="missing"' in html
    assert 'data-item="hoi-dap" data-status="missing"' in html
    assert "quá 30 ngày" in html
    with time_machine.travel(START, tick=False):
        response = head.get(URL, {"xuat": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="tu-danh-gia-nd42-2025-11-03.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Tự đánh giá"].iter_rows(min_row=5, values_only=True))
    assert rows[0][:4] == ("STT", "Mục thông tin", "Căn cứ", "Tình trạng")
    shown = dict(
        re.findall(
            r'data-item="[^"]+" data-status="(?:\w+)">\s*<td>\d+</td>\s*<td>([^<]+)<br>.*?<strong>([^<]+)</strong>',
            html,
            re.S,
        )
    )
    assert {row[1]: row[3] for row in rows[1:]} == shown
    assert len(rows) - 1 == len(selfcheck.requirements()["items"])


def test_only_head_and_administrator_see_the_self_check(as_role: Any, home: Any) -> None:
    for role in ("phongvien", "ctv", "bientap"):
        client = as_role(role)
        response = client.get(URL)
        assert response.status_code == 302 and response.url == "/admin/"
        assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    for role in ("truongban", "quantri"):
        client = as_role(role)
        assert client.get(URL).status_code == 200
        assert URL in client.get(reverse("wagtailadmin_home")).content.decode()
