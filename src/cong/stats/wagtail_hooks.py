from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import StatsReportView, report_permission_policy


@hooks.register("register_admin_urls")
def register_stats_urls() -> list:
    return [path("thong-ke/", StatsReportView.as_view(), name="stats_report")]


class StatsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return report_permission_policy.user_has_permission(request.user, StatsReportView.permission_required)


@hooks.register("register_reports_menu_item")
def register_stats_menu_item() -> MenuItem:
    return StatsMenuItem("Thống kê truy cập", reverse("stats_report"), icon_name="view", order=900)
