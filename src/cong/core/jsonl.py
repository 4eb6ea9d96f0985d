"""JSON Lines import machinery shared by every importer (articles, documents, ...).

Each line is imported on its own: a line that cannot be imported is reported with its number and
reason and changes nothing, the other lines are imported, and the command exits non-zero.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cong.core.signals import content_imported
from cong.core.text import nfc


class LineError(Exception):
    """A problem that rejects one input line."""


@dataclass
class ImportReport:
    noun: str = "mục"
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.created} {self.noun} mới, {self.updated} {self.noun} cập nhật, "
            f"{len(self.errors)} dòng lỗi, {len(self.warnings)} cảnh báo"
        )


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a UTF-8 file; undecodable bytes are kept visible instead of aborting."""
    with path.open("r", encoding="utf-8", errors="surrogateescape") as handle:
        for lineno, line in enumerate(handle, start=1):
            yield lineno, line.rstrip("\n")


def text_field(data: dict[str, Any], key: str, required: bool = False, max_length: int = 0) -> str:
    """A validated, NFC-normalised string field of a JSON object ("" when absent)."""
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise LineError(f"missing required field '{key}'")
        return ""
    if not isinstance(value, str):
        raise LineError(f"'{key}' must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise LineError(f"'{key}' is not valid UTF-8 text") from exc
    value = nfc(value).strip()
    if "\x00" in value:
        raise LineError(f"'{key}' contains a NUL character")
    if max_length and len(value) > max_length:
        raise LineError(f"'{key}' is longer than {max_length} characters")
    return value


class LineImporter:
    """Base of an importer: parses each line into a JSON object and hands it to ``import_record``."""

    noun = "mục"
    known_fields: frozenset[str] = frozenset()
    max_line_chars = 1024 * 1024

    def import_record(self, data: dict[str, Any], lineno: int, report: ImportReport) -> bool:
        """Import one validated JSON object; return True when it was created, False when updated."""
        raise NotImplementedError

    def finish(self, report: ImportReport) -> None:
        """Work that needs every line read first (e.g. relations between records)."""

    def import_line(self, raw: str, lineno: int, report: ImportReport) -> None:
        if len(raw) > self.max_line_chars:
            raise LineError(f"line is longer than {self.max_line_chars // 1024} KB")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LineError(f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(data, dict):
            raise LineError("a line must be a JSON object")
        for key in sorted(set(data) - self.known_fields):
            report.warnings.append((lineno, f"unknown field '{key}' ignored"))
        if self.import_record(data, lineno, report):
            report.created += 1
        else:
            report.updated += 1

    def run(self, lines: Iterable[tuple[int, str]], report: ImportReport | None = None) -> ImportReport:
        report = report or ImportReport(noun=self.noun)
        for lineno, raw in lines:
            if not raw.strip():
                continue
            try:
                self.import_line(raw, lineno, report)
            except LineError as exc:
                report.errors.append((lineno, str(exc)))
            except Exception as exc:  # a database or storage failure must not stop the other lines
                report.errors.append((lineno, f"{exc.__class__.__name__}: {exc}"[:300]))
        self.finish(report)
        if report.created or report.updated:
            content_imported.send(sender=type(self), count=report.created + report.updated)
        return report


class JsonlImportCommand(BaseCommand):
    """A management command that runs a LineImporter over FILE.jsonl with a progress bar and a report."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")

    def make_importer(self, base_dir: Path, options: dict[str, Any]) -> LineImporter:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        try:
            importer = self.make_importer(path.resolve().parent, options)
        except LineError as exc:
            raise CommandError(str(exc)) from exc
        with path.open("rb") as handle:
            total = sum(1 for _ in handle)
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        lines = tqdm(read_lines(path), total=total, unit="dòng", disable=not show_bar, file=sys.stderr)
        report = importer.run(lines)
        for lineno, message in report.warnings:
            self.stderr.write(f"{path.name}:{lineno}: warning: {message}")
        for lineno, message in report.errors:
            self.stderr.write(f"{path.name}:{lineno}: error: {message}")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.errors)} dòng không nhập được (xem báo lỗi ở trên)")
