"""The admin belongs to the agency: emblem and name, the Vietnamese editors' guide, editorial dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from .test_workflow import create, task_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(home: Any) -> None:
    from wagtail.models import Site

    from cong.core.models import PortalSettings

    PortalSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"portal_name": "Cổng Thông tin điện tử", "portal_area": "thành phố Hải Phòng"},
    )


def test_login_page_shows_the_portal_not_wagtail(portal: None) -> None:
    html = Client().get("/admin/login/").content.decode()
    assert "core/img/emblem" in html
    assert "Cổng Thông tin điện tử thành phố Hải Phòng" in html
    assert "Đăng nhập trang quản trị" in html
    assert 'aria-label="Wagtail"' not in html  # Wagtail's wordmark
    assert "<title>Đăng nhập - Cổng Thông tin điện tử thành phố Hải Phòng</title>" in html


def test_sidebar_and_dashboard_carry_the_emblem(as_role: Any, portal: None) -> None:
    html = as_role("bientap").get("/admin/").content.decode()
    assert 'class="cong-admin-emblem"' in html
    assert "Cổng Thông tin điện tử thành phố Hải Phòng" in html


def test_help_menu_leads_to_the_vietnamese_guide(as_role: Any) -> None:
    client = as_role("phongvien")
    home = client.get("/admin/").content.decode()
    assert "/admin/huong-dan/" in home and "Hướng dẫn biên tập" in home
    assert "guide.wagtail.org" not in home
    guide = client.get("/admin/huong-dan/")
    assert guide.status_code == 200
    text = guide.content.decode()
    assert "Quy trình" in text and "<table>" in text
    assert 'src="anh/01-dang-nhap.png"' in text
    image = client.get("/admin/huong-dan/anh/01-dang-nhap.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    for probe in ("..%2Fhuong-dan-bien-tap.md", "..%2F..%2Fvar%2Fsecret_key", "x.svg"):
        response = client.get(f"/admin/huong-dan/anh/{probe}", follow=True)
        assert response.status_code == 404, probe
    assert client.get("/admin/huong-dan/anh/secret_key").status_code == 404


def test_guide_needs_an_admin_login() -> None:
    assert Client().get("/admin/huong-dan/").status_code == 302
    assert Client().get("/admin/huong-dan/anh/01-dang-nhap.png").status_code == 302


def test_dashboard_panels_of_the_editorial_board(as_role: Any, category: Page) -> None:
    reporter, editor, head = as_role("phongvien"), as_role("bientap"), as_role("truongban")
    draft = create(reporter, category, "Bản nháp đang viết", None)
    rejected = create(reporter, category, "Tin bị trả lại", "action-submit")
    task_action(editor, rejected, "reject", comment="Thiếu nguồn tin")
    go_live = timezone.localtime() + timedelta(days=3)
    scheduled = create(
        reporter, category, "Tin hẹn giờ", "action-submit", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    published = create(reporter, category, "Tin đã đăng", "action-submit")
    for page in (scheduled, published):
        task_action(editor, page, "approve")
        task_action(head, page, "approve")

    mine = reporter.get("/admin/").content.decode()
    assert "Bản nháp của tôi" in mine and draft.title in mine
    assert "Bị yêu cầu sửa" in mine and rejected.title in mine and "Thiếu nguồn tin" in mine
    assert "Đã hẹn giờ xuất bản" in mine and scheduled.title in mine
    assert "Mới xuất bản" in mine and published.title in mine

    # The head of the board has no drafts of their own and nothing returned to them.
    theirs = head.get("/admin/").content.decode()
    assert "Bạn không có bản nháp nào" in theirs
    assert "Thiếu nguồn tin" not in theirs
    assert published.title in theirs
