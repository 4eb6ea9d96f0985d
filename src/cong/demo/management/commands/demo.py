"""./cong demo: migrate, load the demo content into an empty database, then serve on 127.0.0.1:8000."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cong.core.address import split_base_url, sync_default_site
from cong.demo.content import build_demo
from cong.demo.sites import build_sample_sites
from cong.news.models import ArticlePage
from cong.search import index as search_index


class Command(BaseCommand):
    help = (
        "Chạy bản trình diễn: tạo CSDL, nạp dữ liệu mẫu (nếu CSDL trống) và phục vụ tại http://127.0.0.1:8000"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu, không chạy máy chủ"
        )
        parser.add_argument(
            "--seed-only",
            action="store_true",
            help="chỉ nạp tin bài mẫu Hải Phòng (nhanh, dùng cho kiểm thử)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            f"[1/4] Cập nhật cấu trúc CSDL ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}) ..."
        )
        call_command("migrate", interactive=False, verbosity=0)
        if sync_default_site():
            self.stdout.write(f"      Địa chỉ công khai của cổng: {settings.BASE_URL}")
        if ArticlePage.objects.exists():
            self.stdout.write("[2/4] CSDL đã có tin bài: giữ nguyên dữ liệu.")
        else:
            self.stdout.write("[2/4] Nạp dữ liệu mẫu ...")
            report = build_demo(
                settings.DATA_DIR / "demo",
                log=lambda m: self.stdout.write(f"      {m}"),
                seed_only=options["seed_only"],
            )
            self.stdout.write(f"      {report.summary()}")
            if not report.ok:
                raise CommandError(f"Dữ liệu mẫu lỗi: {report.errors}")
        # Two sample component sites on *.localhost names (docs/sites.md); created once.
        build_sample_sites(
            split_base_url(settings.BASE_URL)[2], log=lambda m: self.stdout.write(f"      {m}")
        )
        search_index.analyze()  # the sample content was indexed page by page: statistics for the planner
        self.stdout.write("[3/4] Thu thập tệp tĩnh ...")
        call_command("collectstatic", interactive=False, verbosity=0)
        if options["no_serve"]:
            self.stdout.write("[4/4] Bỏ qua máy chủ (--no-serve).")
            return
        self.stdout.write(
            "[4/4] Khởi động máy chủ. Trang quản trị: /admin/ (tạo tài khoản: ./cong createsuperuser)"
        )
        call_command("serve", host=options["host"], port=options["port"], no_collectstatic=True)
