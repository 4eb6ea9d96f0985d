"""./cong expire_personal_data: remove askers' personal data CONG_QA_RETENTION_MONTHS after the answer.

Also questions that were not accepted, withdrawn ones (already cleaned at withdrawal) and answered
ones, counted from their last status change. Meant to run daily from the scheduler; safe to repeat.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cong.participation.retention import removal_due


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân của người hỏi sau thời hạn lưu (CONG_QA_RETENTION_MONTHS, mặc định 12 tháng)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không xóa")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        due = removal_due(settings.QA_RETENTION_MONTHS)
        total = due.count()
        self.stdout.write(f"{total} câu hỏi quá {settings.QA_RETENTION_MONTHS} tháng còn dữ liệu cá nhân.")
        if dry_run:
            return
        for n, question in enumerate(due.iterator(), start=1):
            question.remove_personal_data()
            if n % 100 == 0 or n == total:
                self.stdout.write(f"  đã xóa {n}/{total}")
        self.stdout.write(self.style.SUCCESS(f"Đã xóa dữ liệu cá nhân của {total} câu hỏi."))
