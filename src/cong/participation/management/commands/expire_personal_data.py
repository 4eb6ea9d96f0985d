"""./cong expire_personal_data: remove askers' personal data CONG_QA_RETENTION_MONTHS after the answer.

Answered questions count from the answer, questions not accepted or withdrawn from their last change.
Closed polls lose the key of their visitor hashes. Meant to run daily from the scheduler; safe to repeat.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cong.participation.models import Poll
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
        # Closed polls forget the key of their visitor hashes: the stored hashes become unlinkable.
        polls = Poll.objects.filter(closes_at__lte=timezone.now()).exclude(vote_salt="").update(vote_salt="")
        self.stdout.write(f"Đã xóa khóa nhận diện phiếu của {polls} cuộc thăm dò đã đóng.")
