"""./cong import_nukeviet: move a NukeViet 4.x site's news, pages and laws into Cổng (docs/migrate-nukeviet.md)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cong.migrate_nukeviet.dump import scratch_database
from cong.migrate_nukeviet.importer import NukeVietImporter, RowError
from cong.migrate_nukeviet.source import MysqlAddress, NukeVietSource, SourceError

MAX_WARNINGS_SHOWN = 200


class Command(BaseCommand):
    help = "Nhập tin bài, chuyên mục, trang tĩnh và văn bản từ CSDL NukeViet 4.x; giữ địa chỉ cũ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", help="CSDL NukeViet: mysql://user:pass@host:port/db")
        parser.add_argument("--sql-dump", type=Path, help="hoặc tệp SQL sao lưu (.sql, .sql.gz)")
        parser.add_argument(
            "--scratch-server",
            default="mysql://root@127.0.0.1:3306/",
            help="máy chủ MariaDB để nạp tạm tệp SQL (CSDL tạm bị xóa sau khi nhập)",
        )
        parser.add_argument(
            "--scratch-prefix", default="cong_nukeviet_", help="tiền tố tên CSDL tạm (thêm chuỗi ngẫu nhiên)"
        )
        parser.add_argument("--uploads", type=Path, required=True, help="thư mục uploads/ của trang NukeViet")
        parser.add_argument("--lang", default="vi", help="ngôn ngữ dữ liệu (mặc định vi)")
        parser.add_argument("--prefix", default="nv4", help="tiền tố bảng (mặc định nv4)")
        parser.add_argument("--user", help="tên tài khoản Cổng ghi nhận là người nhập")
        parser.add_argument("--dry-run", action="store_true", help="chạy thử: đọc và kiểm tra, không lưu gì")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["database"]) == bool(options["sql_dump"]):
            raise CommandError("cần đúng một trong hai: --database hoặc --sql-dump")
        uploads: Path = options["uploads"]
        if not uploads.is_dir():
            raise CommandError(f"không thấy thư mục uploads: {uploads}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"không có tài khoản {options['user']!r}")
        try:
            with ExitStack() as stack:
                if options["sql_dump"]:
                    server = MysqlAddress.parse(options["scratch_server"])
                    address = stack.enter_context(
                        scratch_database(options["sql_dump"], server, options["scratch_prefix"])
                    )
                else:
                    address = MysqlAddress.parse(options["database"])
                source = NukeVietSource(address.connect(), prefix=options["prefix"], lang=options["lang"])
                stack.callback(source.close)
                importer = NukeVietImporter(source, uploads, user=user, dry_run=options["dry_run"])
                report = importer.run()
        except (SourceError, RowError) as exc:
            raise CommandError(str(exc)) from exc
        write = self.stdout.write
        if report.dry_run:
            write("CHẠY THỬ: không có gì được lưu.")
        for line in report.summary_lines():
            write(line)
        for table, row_id, message in report.failures:
            self.stderr.write(f"lỗi {table} #{row_id}: {message}")
        for table, row_id, message in report.warnings[:MAX_WARNINGS_SHOWN]:
            write(f"cảnh báo {table} #{row_id}: {message}")
        if len(report.warnings) > MAX_WARNINGS_SHOWN:
            write(f"... và {len(report.warnings) - MAX_WARNINGS_SHOWN} cảnh báo khác")
        if report.failures:
            raise CommandError(f"{len(report.failures)} dòng không nhập được (xem các dòng 'lỗi' ở trên)")
