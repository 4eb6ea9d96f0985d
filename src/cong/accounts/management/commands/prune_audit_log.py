"""Delete audit log entries older than the retention period (CONG_AUDIT_RETENTION_DAYS, at least 365)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from wagtail.log_actions import registry


def twelve_months_before(moment: datetime) -> datetime:
    """The same date and time a year earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:
        return moment.replace(year=moment.year - 1, day=28)


class Command(BaseCommand):
    help = "Xóa các mục nhật ký (Lịch sử website) cũ hơn thời hạn lưu; không bao giờ dưới 365 ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep this many days (default CONG_AUDIT_RETENTION_DAYS; at least {settings.AUDIT_RETENTION_MIN_DAYS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args: Any, days: int | None, dry_run: bool, **options: Any) -> None:
        keep = settings.AUDIT_RETENTION_DAYS if days is None else days
        minimum = max(settings.AUDIT_RETENTION_MIN_DAYS, 365)
        if keep < minimum:
            raise CommandError(f"Nhật ký phải được lưu ít nhất {minimum} ngày (yêu cầu: {keep}).")
        now = timezone.now()
        # Never later than the same moment twelve calendar months ago: across a 29 February, 365 days
        # back is less than that.
        cutoff = min(now - timedelta(days=keep), twelve_months_before(now))
        total = 0
        for model in sorted(registry.get_log_entry_models(), key=lambda m: m._meta.label):
            old = model.objects.filter(timestamp__lt=cutoff)
            count = old.count()
            if not dry_run and count:
                old.delete()
            total += count
            self.stdout.write(f"{model._meta.label}: {count}")
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(f"{verb} {total} mục cũ hơn {keep} ngày (trước {cutoff:%d/%m/%Y}).")
