"""./cong import_articles FILE.jsonl [--user USERNAME]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cong.news.importer import ArticleImporter, ImportReport, LineError, read_lines, resolve_user


class Command(BaseCommand):
    help = "Nhập tin bài từ tệp JSON Lines (mỗi dòng một tin bài). Xem docs/import.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="tên đăng nhập của người chịu trách nhiệm xuất bản")
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        try:
            user = resolve_user(options["user"])
        except Exception as exc:
            raise CommandError(f"Không có người dùng {options['user']!r}") from exc
        with path.open("rb") as handle:
            total = sum(1 for _ in handle)
        try:
            importer = ArticleImporter(path.resolve().parent, user=user)
        except LineError as exc:
            raise CommandError(str(exc)) from exc
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        lines = tqdm(read_lines(path), total=total, unit="dòng", disable=not show_bar, file=sys.stderr)
        report = importer.run(lines, ImportReport())
        for lineno, message in report.warnings:
            self.stderr.write(f"{path.name}:{lineno}: warning: {message}")
        for lineno, message in report.errors:
            self.stderr.write(f"{path.name}:{lineno}: error: {message}")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.errors)} dòng không nhập được (xem báo lỗi ở trên)")
