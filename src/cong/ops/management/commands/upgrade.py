"""``./cong upgrade``: after installing a new version of the code, bring the data dir up to it.

1. a backup (the rollback point), 2. migrations, 3. static files, 4. the search index rebuilt when a
newly applied migration asks for it (any migration of ``cong.search``, or one with
``rebuild_search_index = True``). Rollback: docs/operations.md ("Nâng cấp / Upgrade").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader

from cong.ops import backup

SEARCH_APP = "search"


def applied() -> set[tuple[str, str]]:
    return set(MigrationLoader(connection, ignore_no_migrations=True).applied_migrations)


def needs_reindex(new: set[tuple[str, str]]) -> list[str]:
    """The newly applied migrations that ask for a search-index rebuild."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    asking = []
    for key in sorted(new):
        migration = loader.disk_migrations.get(key)
        if key[0] == SEARCH_APP or getattr(migration, "rebuild_search_index", False):
            asking.append(f"{key[0]}.{key[1]}")
    return asking


class Command(BaseCommand):
    help = "Nâng cấp: sao lưu, cập nhật CSDL, tệp tĩnh, chỉ mục tìm kiếm khi cần."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-backup", action="store_true", help="bỏ qua bản sao lưu trước khi nâng cấp")
        parser.add_argument("--backup-dir", default=str(settings.BACKUP_DIR))

    def handle(self, *args: Any, **options: Any) -> None:
        archive = None
        if not options["no_backup"]:
            self.stdout.write(f"[1/4] Sao lưu trước khi nâng cấp vào {options['backup_dir']} ...")
            try:
                result = backup.create_backup(
                    options["backup_dir"],
                    passphrase=backup.read_passphrase_file(settings.BACKUP_PASSPHRASE_FILE),
                    recipient=settings.BACKUP_GPG_RECIPIENT or None,
                )
            except (backup.BackupError, DatabaseError, OSError) as exc:
                raise CommandError(f"Không sao lưu được, chưa nâng cấp: {exc}") from exc
            archive = result.path
            self.stdout.write(f"      {archive} ({result.size:,} byte)")
        else:
            self.stdout.write("[1/4] Bỏ qua sao lưu (--no-backup).")
        before = applied()
        self.stdout.write("[2/4] Cập nhật cấu trúc CSDL (migrate) ...")
        call_command("migrate", interactive=False, verbosity=1 if options["verbosity"] > 1 else 0)
        new = applied() - before
        self.stdout.write(f"      {len(new)} migration mới.")
        self.stdout.write("[3/4] Thu thập tệp tĩnh ...")
        call_command("collectstatic", interactive=False, verbosity=0)
        asking = needs_reindex(new)
        if asking:
            self.stdout.write(f"[4/4] Xây dựng lại chỉ mục tìm kiếm (do {', '.join(asking)}) ...")
            call_command("update_index", verbosity=options["verbosity"])
        else:
            self.stdout.write("[4/4] Chỉ mục tìm kiếm không cần xây dựng lại.")
        self.stdout.write("Xong. Khởi động lại dịch vụ: systemctl restart cong-web cong-scheduler")
        if archive is not None:
            self.stdout.write(
                "Quay lui nếu có sự cố: cài lại phiên bản mã nguồn cũ, rồi "
                f"./cong restore {archive} --force (docs/operations.md)."
            )
