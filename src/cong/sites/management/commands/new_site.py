"""``./cong new_site --name "Sở Y tế" --host so-y-te.localhost``: one more component portal."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cong.sites.provision import SiteError, create_site


class Command(BaseCommand):
    help = "Tạo một cổng thành phần (website, trang chủ, chuyên mục, nhóm Ban biên tập, quy trình duyệt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help='Tên, ví dụ "Sở Y tế"')
        parser.add_argument("--host", default="", help="Tên miền riêng, ví dụ so-y-te.localhost:8000")
        parser.add_argument(
            "--path-prefix", default="", help="Hoặc đường dẫn dưới tên miền chính, ví dụ so-y-te"
        )
        parser.add_argument("--parent-unit", default="", help="Đơn vị chủ quản (tên hoặc mã)")
        parser.add_argument("--slug", default="", help="Mã (mặc định: từ tên hoặc đường dẫn)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = create_site(
                options["name"],
                host=options["host"],
                path_prefix=options["path_prefix"],
                parent_unit=options["parent_unit"],
                slug=options["slug"],
            )
        except SiteError as exc:
            raise CommandError(str(exc)) from exc
        component = result.component
        where = (component.path_prefix and f"/{component.path_prefix}/") or component.site.root_url
        seconds = time.perf_counter() - started
        if not result.changes:
            self.stdout.write(f"Cổng thành phần {component.name!r} ({where}) đã đủ; không có gì thay đổi.")
            return
        self.stdout.write(f"Cổng thành phần {component.name!r} ({where}), {seconds:.2f} giây:")
        for change in result.changes:
            self.stdout.write(f"  + {change}")
