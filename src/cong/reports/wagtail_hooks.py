"""Admin: the reports under Báo cáo, shown only to the accounts allowed to see them."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import OutputReportView, SelfCheckView


@hooks.register("register_admin_urls")
def register_report_urls() -> list[Any]:
    return [
        path("reports/thong-ke-tin-bai/", OutputReportView.as_view(), name="reports_output"),
        path("reports/tu-danh-gia-nd42/", SelfCheckView.as_view(), name="reports_selfcheck"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_output_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Thống kê tin bài",
        reverse("reports_output"),
        name="reports-output",
        icon_name="doc-full",
        order=700,
        permission="reports.view_output_report",
    )


@hooks.register("register_reports_menu_item")
def register_selfcheck_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Tự đánh giá theo Nghị định 42",
        reverse("reports_selfcheck"),
        name="reports-selfcheck",
        icon_name="tasks",
        order=710,
        permission="reports.view_selfcheck",
    )
