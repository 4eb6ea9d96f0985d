"""``./cong init``: prepare a data directory for production. Safe to run again at any time.

The secret key is created by ``cong.cli`` before Django starts (the settings need it); this command
then migrates, collects the static files, creates the first administrator and prints what is left.

The first account is a superuser and a member of "Quản trị": only a superuser can manage groups and
workflows (docs/operations.md), and someone must be able to give the other editors their roles.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cong.core.address import sync_default_site

ADMIN_GROUP = "Quản trị"


class Command(BaseCommand):
    help = (
        "Chuẩn bị thư mục dữ liệu cho máy chủ thật: khóa bí mật, CSDL, tệp tĩnh, tài khoản quản trị đầu tiên."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=os.environ.get("CONG_ADMIN_USERNAME", ""))
        parser.add_argument("--email", default=os.environ.get("CONG_ADMIN_EMAIL", ""))
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="không hỏi gì"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("[2/5] Cập nhật cấu trúc CSDL (migrate) ...")
        call_command("migrate", interactive=False, verbosity=0)
        if sync_default_site():
            self.stdout.write(f"      Địa chỉ công khai của cổng: {settings.BASE_URL}")
        self.stdout.write("[3/5] Thu thập tệp tĩnh (collectstatic) ...")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"[4/5] {self.first_admin(options)}")
        self.stdout.write("[5/5] Việc còn phải làm:")
        for done, text in checklist():
            self.stdout.write(f"  [{'x' if done else ' '}] {text}")

    def first_admin(self, options: dict[str, Any]) -> str:
        users = get_user_model()
        group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
        interactive = options["interactive"] and sys.stdin.isatty()
        username = options["username"].strip()
        if username and users.objects.filter(username=username).exists():
            user = users.objects.get(username=username)
            user.groups.add(group)
            return f"Tài khoản {username} đã có: giữ nguyên mật khẩu, thuộc nhóm {ADMIN_GROUP}."
        existing = users.objects.filter(is_superuser=True).order_by("pk").first()
        if not username and existing is not None:
            return f"Đã có tài khoản quản trị {existing.get_username()}: không tạo thêm."
        if not username:
            if not interactive:
                return (
                    "Chưa tạo tài khoản quản trị (cần --username và CONG_ADMIN_PASSWORD, hoặc chạy lại "
                    "./cong init trong cửa sổ dòng lệnh)."
                )
            username = input("Tên đăng nhập của quản trị viên: ").strip()
            if not username:
                raise CommandError("Chưa nhập tên đăng nhập.")
        email = options["email"].strip()
        if not email and interactive:
            email = input("Thư điện tử: ").strip()
        password = os.environ.get("CONG_ADMIN_PASSWORD", "")
        if not password:
            if not interactive:
                raise CommandError("Thiếu mật khẩu: đặt biến môi trường CONG_ADMIN_PASSWORD.")
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        candidate = users(username=username, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError("Mật khẩu chưa đạt: " + " ".join(exc.messages)) from exc
        user = users.objects.create_superuser(username=username, email=email, password=password)
        user.groups.add(group)
        return f"Đã tạo tài khoản quản trị {username} (superuser, nhóm {ADMIN_GROUP})."


def checklist() -> list[tuple[bool, str]]:
    """What a production installation still needs, judged from the settings."""
    env = os.environ
    hosts = [
        h
        for h in settings.ALLOWED_HOSTS
        if h not in {"localhost", ".localhost", "127.0.0.1", "[::1]", "testserver"}
    ]
    items = [
        (
            bool(env.get("CONG_BASE_URL")) and bool(hosts),
            "Tên miền: đặt CONG_BASE_URL=https://ten-mien.gov.vn và CONG_ALLOWED_HOSTS=ten-mien.gov.vn"
            + (f" (đang là {settings.BASE_URL}, {', '.join(hosts)})" if hosts else ""),
        ),
        (
            settings.BASE_URL.startswith("https://") and bool(settings.SECURE_PROXY_SSL_HEADER),
            "TLS: chứng chỉ trên nginx (deploy/nginx.conf), CONG_HTTPS=1, CONG_BASE_URL bắt đầu bằng https://",
        ),
        (
            bool(settings.EMAIL_HOST),
            "Thư điện tử: CONG_EMAIL_HOST (+ _PORT, _USER, _PASSWORD, _FROM) cho thông báo quy trình duyệt",
        ),
        (
            bool(settings.BACKUP_AT),
            f"Sao lưu: CONG_BACKUP_AT=02:30 (bộ lập lịch sao lưu vào {settings.BACKUP_DIR}), chép bản sao "
            "ra máy khác, diễn tập khôi phục (./cong restore)",
        ),
        (
            Path("/etc/systemd/system/cong-web.service").exists(),
            "Dịch vụ: deploy/systemd/cong-web.service và cong-scheduler.service (docs/operations.md)",
        ),
        (
            bool(settings.DATABASE_URL),
            "CSDL: SQLite đủ cho cổng nhỏ; cổng lớn dùng PostgreSQL (DATABASE_URL) và Redis (REDIS_URL)",
        ),
    ]
    return items
