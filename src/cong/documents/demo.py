"""Demo documents: the three Party documents the Hải Phòng seed article cites.

Only what the seed article itself says is filled in (type, number, issuer, subject); issue dates,
signers and files are left empty rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

from cong.core.jsonl import ImportReport, read_lines

from .importer import DocumentImporter


def import_demo_documents(path: Path) -> ImportReport:
    return DocumentImporter(path.parent).run(read_lines(path))
