"""import_documents applies the admin upload's checks: real type, no markup; a failed line stores no file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from wagtail.documents import get_document_model

from cong.documents.models import LegalDocument

BASE = {"number": "01-CT/TW", "type": "Chỉ thị", "issuer": "Bộ Chính trị", "issued_on": "2021-03-09"}
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang.pdf", HTML, "không phải là tệp .pdf thật"),
        ("bang.xlsx", HTML, "không phải là tệp .xlsx thật"),
        ("ghi-chu.txt", HTML, "mã HTML"),
        ("van-ban.pdf", b"%PDF-1.4\n" + HTML + b"\n%%EOF", "mã HTML"),
        ("hinh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "type not accepted"),
        ("trang.html", HTML, "type not accepted"),
    ],
)
def test_hostile_file_is_a_numbered_line_error(
    import_documents: Any, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    report = import_documents([{**BASE, "number": "05-CT/TW"}, {**BASE, "files": [name]}])
    assert [n for n, _ in report.errors] == [2]
    assert message in report.errors[0][1], report.errors
    assert not get_document_model().objects.exists()


def test_failed_line_leaves_no_file_behind(import_documents: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """A failure after the first file was stored (here: the second one) removes the stored file too."""
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n% a\n%%EOF\n")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n% b\n%%EOF\n")
    from cong.documents import importer

    original = importer.DocumentImporter._wagtail_document

    def failing(self: Any, path: Path) -> Any:
        if path.name == "b.pdf":
            raise OSError("disk full")
        return original(self, path)

    monkeypatch.setattr(importer.DocumentImporter, "_wagtail_document", failing)
    folder = Path(settings.MEDIA_ROOT) / "documents"
    before = set(folder.iterdir()) if folder.exists() else set()  # the media folder lives for the session
    report = import_documents([{**BASE, "files": ["a.pdf", "b.pdf"]}])
    assert [n for n, _ in report.errors] == [1]
    assert not LegalDocument.objects.exists() and not get_document_model().objects.exists()
    assert (set(folder.iterdir()) if folder.exists() else set()) == before
