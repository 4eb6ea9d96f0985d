"""The admin as the agency's own: Vietnamese editors' guide in the Help menu, editorial dashboard panels."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import guide
from .dashboard import PANELS

# Wagtail's own help items lead to its English guide and release notes on wagtail.org.
WAGTAIL_HELP_ITEMS = {"editor-guide"}


@hooks.register("register_admin_urls")
def guide_urls() -> list[Any]:
    return [
        path("huong-dan/", guide.guide, name="cong_guide"),
        path("huong-dan/anh/<str:name>", guide.guide_image, name="cong_guide_image"),
    ]


@hooks.register("insert_global_admin_css")
def admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("editorial/css/admin.css"))


@hooks.register("register_help_menu_item")
def guide_menu_item() -> MenuItem:
    return MenuItem(
        "Hướng dẫn biên tập", reverse("cong_guide"), icon_name="help", order=900, name="cong-guide"
    )


@hooks.register("construct_help_menu")
def drop_wagtail_help(request: Any, menu_items: list[Any]) -> None:
    menu_items[:] = [
        item for item in menu_items
        if item.name not in WAGTAIL_HELP_ITEMS and not item.name.startswith("whats-new-in-wagtail")
    ]  # fmt: skip


@hooks.register("construct_homepage_panels")
def editorial_panels(request: Any, panels: list[Any]) -> None:
    panels.extend(panel() for panel in PANELS)
