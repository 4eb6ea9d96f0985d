"""./cong flush_stats: copy Redis counts into the SQL daily aggregates and prune expired state."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cong.stats.backends import get_backend


class Command(BaseCommand):
    help = "Ghi số liệu truy cập từ Redis vào cơ sở dữ liệu (an toàn khi chạy lại) và xoá dữ liệu hết hạn."

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_backend()
        days = backend.flush(timezone.now())
        self.stdout.write(f"Chế độ {backend.name}: đã ghi {days} ngày có số liệu mới.")
