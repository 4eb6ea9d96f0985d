"""``./cong restore ARCHIVE [--force]``: restore a ``./cong backup`` archive into an empty data dir/database."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from cong.ops import backup


class Command(BaseCommand):
    help = (
        "Khôi phục từ tệp sao lưu vào CSDL và thư mục media hiện tại (phải trống, trừ khi có --force). "
        "Dừng máy chủ web và bộ lập lịch trước khi khôi phục."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="ghi đè CSDL và tệp media đang có")
        parser.add_argument(
            "--passphrase-file", default=settings.BACKUP_PASSPHRASE_FILE, help="tệp chứa mật khẩu"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        passphrase = backup.read_passphrase_file(options["passphrase_file"])
        if archive.suffix == ".gpg" and passphrase is None and sys.stdin.isatty():
            passphrase = getpass.getpass("Mật khẩu giải mã (bỏ trống nếu dùng khóa gpg): ") or None
        try:
            result = backup.restore_backup(
                archive, force=options["force"], passphrase=passphrase, log=self.stdout.write
            )
        except (backup.BackupError, DatabaseError, OSError) as exc:
            raise CommandError(f"{exc}\nChưa thay đổi gì.") from exc
        manifest = result.manifest
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} (Cổng {manifest['versions']['cong']}, "
            f"{manifest['engine']}, {manifest['media_files']} tệp media)."
        )
        for note in result.notes:
            self.stdout.write(f"Lưu ý: {note}")
