"""The reports' settings (fee switch and scale, freshness limit) and the authors' admin, by role."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cong.news.models import Author
from cong.reports.models import ReportSettings

pytestmark = pytest.mark.django_db
SETTINGS_URL = "/admin/settings/reports/reportsettings/"


def test_fees_are_off_by_default(db: Any) -> None:
    config = ReportSettings.load()
    assert config.fees_enabled is False and config.fee_unit == 234_000 and config.stale_after_days == 90


def test_head_sets_the_fee_scale(as_role: Any) -> None:
    head = as_role("truongban")
    form = head.get(SETTINGS_URL, follow=True)
    assert form.status_code == 200 and "Giá trị một hệ số (đồng)" in form.content.decode()
    url = form.redirect_chain[-1][0]
    data = nested_form_data(
        {
            "fees_enabled": "on",
            "fee_unit": "250000",
            "stale_after_days": "60",
            "fee_grades": inline_formset(
                [{"name": "Tin", "coefficient": "1.5"}, {"name": "Bài phản ánh", "coefficient": "3"}]
            ),
        }
    )
    response = head.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    config = ReportSettings.load()
    assert config.fees_enabled and config.fee_unit == 250_000 and config.stale_after_days == 60
    assert [(g.name, g.coefficient) for g in config.fee_grades.all()] == [
        ("Tin", Decimal("1.5")),
        ("Bài phản ánh", Decimal("3")),
    ]


@pytest.mark.parametrize("role", ["phongvien", "bientap"])
def test_other_roles_cannot_change_the_fee_scale(as_role: Any, role: str) -> None:
    response = as_role(role).get(SETTINGS_URL, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"


def test_editors_complete_author_records(as_role: Any) -> None:
    Author.objects.create(name="Hoàng Tùng")
    editor = as_role("bientap")
    author = Author.objects.get()
    url = f"/admin/snippets/news/author/edit/{author.pk}/"
    response = editor.post(
        url, {"name": "Hoàng Tùng", "unit": "Phòng Thông tin", "user": "", "slug": "hoang-tung"}
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.unit == "Phòng Thông tin"
    assert as_role("phongvien").get(url).status_code in (302, 403)
