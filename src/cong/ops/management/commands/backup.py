"""``./cong backup [DEST]``: one consistent, timestamped archive of the database and the media files."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from cong.ops import backup


class Command(BaseCommand):
    help = "Sao lưu CSDL và tệp media vào một tệp lưu trữ có bản kê tổng kiểm (docs/operations.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", nargs="?", help=f"thư mục đích (mặc định {settings.BACKUP_DIR})")
        parser.add_argument("--no-compress", action="store_true", help="không nén gzip")
        parser.add_argument("--encrypt", action="store_true", help="mã hoá bằng mật khẩu (hỏi khi chạy)")
        parser.add_argument(
            "--passphrase-file", default=settings.BACKUP_PASSPHRASE_FILE, help="tệp chứa mật khẩu"
        )
        parser.add_argument(
            "--recipient", default=settings.BACKUP_GPG_RECIPIENT, help="mã hoá cho khóa công khai gpg"
        )
        parser.add_argument(
            "--keep-daily", type=int, help="giữ bản mới nhất của N ngày gần nhất, xoá bản cũ hơn"
        )
        parser.add_argument("--keep-weekly", type=int, help="giữ bản mới nhất của M tuần gần nhất")

    def handle(self, *args: Any, **options: Any) -> None:
        dest = Path(options["dest"] or settings.BACKUP_DIR)
        passphrase = backup.read_passphrase_file(options["passphrase_file"])
        if options["encrypt"] and not passphrase:
            passphrase = getpass.getpass("Mật khẩu mã hoá: ")
            if not passphrase or passphrase != getpass.getpass("Nhập lại: "):
                raise CommandError("Mật khẩu trống hoặc hai lần nhập không khớp.")
        try:
            result = backup.create_backup(
                dest,
                compress=not options["no_compress"],
                passphrase=passphrase,
                recipient=options["recipient"] or None,
                log=self.stdout.write,
            )
        except (backup.BackupError, DatabaseError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã sao lưu: {result.path} ({result.size:,} byte, dữ liệu {result.data_bytes:,} byte, "
            f"{result.members} mục, {result.seconds:.1f} s)"
        )
        if options["keep_daily"] is not None or options["keep_weekly"] is not None:
            removed = backup.prune(dest, options["keep_daily"] or 0, options["keep_weekly"] or 0)
            for path in removed:
                self.stdout.write(f"Đã xoá bản cũ: {path.name}")
