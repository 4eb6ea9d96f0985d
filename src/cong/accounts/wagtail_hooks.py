"""Admin URLs of the second factor and the security page, its menu item, and the audit log actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import views
from .audit import ACTIONS, LOGIN_FAILED, ROLES_CHANGED
from .users import BULK_ACTIONS

# After Wagtail's own user bulk actions (order 0), so these replace them (same action types).
for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [
        path("xac-thuc/", views.verify, name="accounts_verify"),
        path("xac-thuc/dang-ky/", views.enrol, name="accounts_enrol"),
        path("xac-thuc/cua-toi/", views.mine, name="accounts_mine"),
        path("bao-mat/", views.security, name="accounts_security"),
        path("bao-mat/mo-khoa/", views.unlock, name="accounts_unlock"),
        path("bao-mat/dat-lai/<int:user_id>/", views.reset_two_factor, name="accounts_reset_two_factor"),
    ]


class SecurityMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(views.VIEW_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_security_menu_item() -> MenuItem:
    return SecurityMenuItem("Bảo mật đăng nhập", reverse("accounts_security"), icon_name="lock", order=650)


@hooks.register("register_account_menu_item")
def register_account_menu_item(request: HttpRequest) -> dict[str, str]:
    return {
        "url": reverse("accounts_mine"),
        "label": "Xác thực hai bước",
        "help_text": "Xem trạng thái và tạo mã dự phòng mới.",
    }


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for action, (label, message) in ACTIONS.items():
        if action in (LOGIN_FAILED, ROLES_CHANGED):
            continue
        actions.register_action(action, label, message)

    @actions.register_action(LOGIN_FAILED)
    class LoginFailed(LogFormatter):
        label = ACTIONS[LOGIN_FAILED][0]

        def format_message(self, log_entry: Any) -> str:
            return f"Đăng nhập thất bại với tên đăng nhập “{log_entry.data.get('username', '')}”"

    @actions.register_action(ROLES_CHANGED)
    class RolesChanged(LogFormatter):
        label = ACTIONS[ROLES_CHANGED][0]

        def format_message(self, log_entry: Any) -> str:
            parts = []
            if log_entry.data.get("added"):
                parts.append("thêm vào " + ", ".join(log_entry.data["added"]))
            if log_entry.data.get("removed"):
                parts.append("bỏ khỏi " + ", ".join(log_entry.data["removed"]))
            return "Thay đổi vai trò: " + "; ".join(parts)
