"""./cong roles_matrix: print docs/roles.md, the permission matrix of the editorial roles."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cong.editorial.matrix import render_matrix


class Command(BaseCommand):
    help = "In bảng phân quyền của các vai trò (nội dung của docs/roles.md), lấy từ cơ sở dữ liệu."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render_matrix(), ending="")
