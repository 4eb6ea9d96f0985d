"""./cong import_articles FILE.jsonl [--user USERNAME]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cong.core.jsonl import JsonlImportCommand
from cong.news.importer import ArticleImporter, resolve_user


class Command(JsonlImportCommand):
    help = "Nhập tin bài từ tệp JSON Lines (mỗi dòng một tin bài). Xem docs/import.md."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--user", help="tên đăng nhập của người chịu trách nhiệm xuất bản")

    def make_importer(self, base_dir: Path, options: dict[str, Any]) -> ArticleImporter:
        return ArticleImporter(base_dir, user=resolve_user(options["user"]))
