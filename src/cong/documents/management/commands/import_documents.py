"""./cong import_documents FILE.jsonl"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cong.documents.importer import DocumentImporter, DocumentImportReport
from cong.news.importer import read_lines


class Command(BaseCommand):
    help = "Nhập văn bản từ tệp JSON Lines (mỗi dòng một văn bản). Xem docs/documents.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        with path.open("rb") as handle:
            total = sum(1 for _ in handle)
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        lines = tqdm(read_lines(path), total=total, unit="dòng", disable=not show_bar, file=sys.stderr)
        report = DocumentImporter(path.resolve().parent).run(lines, DocumentImportReport())
        for lineno, message in report.warnings:
            self.stderr.write(f"{path.name}:{lineno}: warning: {message}")
        for lineno, message in report.errors:
            self.stderr.write(f"{path.name}:{lineno}: error: {message}")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.errors)} dòng không nhập được (xem báo lỗi ở trên)")
