"""Import documents (văn bản) from JSON Lines, one document per line, with the article importer's rules.

A line that cannot be imported is reported with its number and reason and changes nothing; the other
lines are imported. A document's key is number + issuer + issue date: re-importing it updates it.
Relations (``replaces``, ``amends``, ``guides``) are resolved after every line has been read, so a
document may come before the one it replaces; a number not found is a warning on its line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model

from cong.core.jsonl import ImportReport, LineError, LineImporter, text_field
from cong.core.text import nfc
from cong.core.uploads import DOCUMENT_EXTENSIONS, check_document

from .citations import canonical_number, find_citations, fold_number
from .linking import Candidate, pick
from .models import (
    DocumentFile,
    DocumentRelation,
    DocumentType,
    Issuer,
    LegalDocument,
    RelationKind,
    Sector,
    Status,
)

KNOWN_FIELDS = {
    "number",
    "type",
    "abstract",
    "issuer",
    "signer",
    "issued_on",
    "effective_on",
    "expires_on",
    "status",
    "field",
    "files",
    "replaces",
    "amends",
    "guides",
}
RELATION_FIELDS = {
    "replaces": RelationKind.REPLACES,
    "amends": RelationKind.AMENDS,
    "guides": RelationKind.GUIDES,
}
MAX_LINE_BYTES = 1024 * 1024
MAX_FILE_BYTES = 50 * 1024 * 1024
FILE_EXTENSIONS = set(DOCUMENT_EXTENSIONS)  # the admin's allow-list (cong.core.uploads)


def _choice(choices: type[Any], value: str, what: str, allowed: Iterable[Any]) -> str:
    """Match a choice by its value ("chi-thi") or label ("Chỉ thị"), ignoring case."""
    key = nfc(value).strip().casefold()
    for choice in allowed:
        if key in {choice.value.casefold(), str(choice.label).casefold()}:
            return choice.value
    names = ", ".join(str(c.label) for c in allowed)
    raise LineError(f"unknown {what} {value[:60]!r} (one of: {names})")


def store_document(path: Path, stored_files: list[Any] | None = None) -> Any:
    """The Wagtail document holding this file; the same content is stored once. A newly stored file is
    appended to ``stored_files``."""
    model = get_document_model()
    digest = hashlib.sha1(path.read_bytes()).hexdigest()
    existing = model.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    with path.open("rb") as handle:
        stored = model(title=path.stem.replace("_", " ")[:255], file=File(handle, name=path.name))
        stored.file_hash = digest
        stored.file_size = path.stat().st_size
        stored.save()
    if stored_files is not None:
        stored_files.append(stored.file)
    return stored


class DocumentImporter(LineImporter):
    noun = "văn bản"
    known_fields = frozenset(KNOWN_FIELDS)
    max_line_chars = MAX_LINE_BYTES

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir.resolve()
        self._pending: list[tuple[int, int, str, list[str]]] = []  # line, document pk, kind, numbers
        self._stored_files: list[Any] = []  # files stored by the line being imported

    # --- one line ---------------------------------------------------------------------------------
    def import_record(self, data: dict[str, Any], lineno: int, report: ImportReport) -> bool:
        fields = self._validate(data)
        self._stored_files = []
        try:
            with transaction.atomic():
                document, created = self._save(dict(fields))
        except BaseException:  # the line changes nothing: files it stored go with its rows
            for stored in self._stored_files:
                stored.storage.delete(stored.name)
            raise
        finally:
            self._stored_files = []
        for name, kind in RELATION_FIELDS.items():  # the line is the truth: an empty list clears
            self._pending.append((lineno, document.pk, kind, fields[name]))
        return created

    def _date(self, data: dict[str, Any], key: str) -> date | None:
        value = text_field(data, key, max_length=40)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise LineError(f"'{key}' is not a date in the form YYYY-MM-DD: {value!r}") from exc

    def _list(self, data: dict[str, Any], key: str) -> list[str]:
        value = data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LineError(f"'{key}' must be a list of strings")
        if len(value) > 100:
            raise LineError(f"'{key}' has more than 100 entries")
        return [nfc(v).strip() for v in value if v.strip()]

    def _validate(self, data: dict[str, Any]) -> dict[str, Any]:
        number = canonical_number(text_field(data, "number", required=True, max_length=100))
        if not any(c.start == 0 and c.end == len(number) for c in find_citations(number)):
            raise LineError(f"'number' {number!r} is not a document number (e.g. 42/2022/NĐ-CP, 01-CT/TW)")
        fields: dict[str, Any] = {
            "number": number,
            "doc_type": _choice(DocumentType, text_field(data, "type", required=True), "type", DocumentType),
            "abstract": text_field(data, "abstract", max_length=5000),
            "issuer": text_field(data, "issuer", required=True, max_length=255),
            "signer": text_field(data, "signer", max_length=200),
            "issued_on": self._date(data, "issued_on"),
            "effective_on": self._date(data, "effective_on"),
            "expires_on": self._date(data, "expires_on"),
            "sector": text_field(data, "field", max_length=255),
        }
        status = text_field(data, "status", max_length=60)
        settable = [s for s in Status if s != Status.UNKNOWN]
        fields["status_override"] = _choice(Status, status, "status", settable) if status else ""
        if fields["effective_on"] and fields["expires_on"] and fields["expires_on"] < fields["effective_on"]:
            raise LineError("'expires_on' is before 'effective_on'")
        fields["files"] = [self._file_path(p) for p in self._list(data, "files")]
        for name in RELATION_FIELDS:
            fields[name] = self._list(data, name)
        return fields

    def _file_path(self, relative: str) -> Path:
        if urlsplit(relative).scheme or Path(relative).is_absolute():
            raise LineError(f"file {relative[:80]!r}: only files next to the JSONL file can be imported")
        path = (self.base_dir / relative).resolve()
        if not path.is_relative_to(self.base_dir):
            raise LineError(f"file {relative[:80]!r} is outside the folder of the JSONL file")
        if not path.is_file():
            raise LineError(f"file not found: {relative[:200]}")
        if path.suffix.lower().lstrip(".") not in FILE_EXTENSIONS:
            raise LineError(
                f"file {path.name}: type not accepted (accepted: {', '.join(sorted(FILE_EXTENSIONS))})"
            )
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LineError(f"file {path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with path.open("rb") as handle:  # the admin upload's checks: real type, no markup inside
            try:
                check_document(handle, path.name)
            except ValidationError as exc:
                raise LineError(f"file {path.name}: {exc.messages[0]}") from exc
        return path

    # --- saving -----------------------------------------------------------------------------------
    def _save(self, fields: dict[str, Any]) -> tuple[LegalDocument, bool]:
        issuer = Issuer.for_name(fields.pop("issuer"))
        sector_name = fields.pop("sector")
        paths = fields.pop("files")
        for name in RELATION_FIELDS:
            fields.pop(name)
        document = LegalDocument.objects.filter(
            number_folded=fold_number(fields["number"]), issuer=issuer, issued_on=fields["issued_on"]
        ).first()
        created = document is None
        document = document or LegalDocument(issuer=issuer)
        for name, value in fields.items():
            setattr(document, name, value)
        document.sector = Sector.for_name(sector_name) if sector_name else None
        document.save()
        if paths or not created:
            DocumentFile.objects.filter(legal_document=document).delete()
            for order, path in enumerate(paths):
                DocumentFile.objects.create(
                    legal_document=document, file=self._wagtail_document(path), sort_order=order
                )
        return document, created

    def _wagtail_document(self, path: Path) -> Any:
        return store_document(path, self._stored_files)

    def _link_relations(self, report: ImportReport) -> None:
        for lineno, pk, kind, numbers in self._pending:
            source = LegalDocument.objects.get(pk=pk)
            DocumentRelation.objects.filter(source=source, kind=kind).delete()
            for number in numbers:
                candidates = [
                    Candidate(d.pk, d.number_folded, d.issued_on, str(d), d.slug)
                    for d in LegalDocument.objects.filter(number_folded=fold_number(number)).exclude(pk=pk)
                ]
                target = pick(candidates, source.issued_on)
                if target is None:
                    report.warnings.append(
                        (lineno, f"{kind} {number[:60]!r}: no such document in the database")
                    )
                    continue
                DocumentRelation.objects.get_or_create(source=source, kind=kind, target_id=target.pk)
        self._pending.clear()

    # --- whole file -------------------------------------------------------------------------------
    def finish(self, report: ImportReport) -> None:
        self._link_relations(report)
