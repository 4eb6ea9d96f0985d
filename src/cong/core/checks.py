"""System checks shown at every start (./cong serve, migrate, check): unsafe configurations, in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register("cong")
def password_reset_without_mail(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.EMAIL_HOST or settings.WAGTAIL_PASSWORD_RESET_ENABLED:
        return []
    return [
        Warning(
            "Chưa cấu hình máy chủ thư (CONG_EMAIL_HOST): chức năng «Quên mật khẩu» của trang quản trị "
            "đã tắt, vì thư đặt lại mật khẩu sẽ bị ghi vào nhật ký máy chủ.",
            hint="Đặt CONG_EMAIL_HOST (và CONG_EMAIL_USER, CONG_EMAIL_PASSWORD); đến lúc đó, "
            "Quản trị đặt mật khẩu mới cho người dùng trong mục Người dùng.",
            id="cong.W001",
        )
    ]
