from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import StatsReportView


@hooks.register("register_admin_urls")
def register_stats_urls() -> list:
    return [path("thong-ke/", StatsReportView.as_view(), name="stats_report")]


@hooks.register("register_reports_menu_item")
def register_stats_menu_item() -> MenuItem:
    return MenuItem("Thống kê truy cập", reverse("stats_report"), icon_name="view", order=900)
