"""./cong import_documents FILE.jsonl"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cong.core.jsonl import JsonlImportCommand
from cong.documents.importer import DocumentImporter


class Command(JsonlImportCommand):
    help = "Nhập văn bản từ tệp JSON Lines (mỗi dòng một văn bản). Xem docs/documents.md."

    def make_importer(self, base_dir: Path, options: dict[str, Any]) -> DocumentImporter:
        return DocumentImporter(base_dir)
