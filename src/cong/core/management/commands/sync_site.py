"""./cong sync_site: point the default Site record at CONG_BASE_URL (sitemap, API and share links)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cong.core.address import sync_default_site


class Command(BaseCommand):
    help = "Cập nhật bản ghi Site mặc định theo địa chỉ công khai CONG_BASE_URL."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = sync_default_site()
        state = "đã cập nhật" if changed else "đã đúng"
        self.stdout.write(f"Địa chỉ công khai {settings.BASE_URL}: bản ghi Site {state}.")
