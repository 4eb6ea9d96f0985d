from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import PERMISSION, OpsReportView


class OpsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_ops_urls() -> list:
    return [path("van-hanh/", OpsReportView.as_view(), name="ops_report")]


@hooks.register("register_reports_menu_item")
def register_ops_menu_item() -> MenuItem:
    return OpsMenuItem("Vận hành", reverse("ops_report"), icon_name="cogs", order=950)
