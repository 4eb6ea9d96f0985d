"""./cong import_documents: line-numbered errors, re-import by key, files, relations, the command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model

from cong.documents.models import DocumentRelation, Issuer, LegalDocument, RelationKind, Status

from .conftest import SAMPLE

BASE = {"number": "01-CT/TW", "type": "Chỉ thị", "issuer": "Bộ Chính trị", "issued_on": "2021-03-09"}


def test_sample_imports_everything(sample_documents: Any) -> None:
    assert (sample_documents.created, sample_documents.updated) == (6, 0)
    new = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    assert (
        new.doc_type == "nghi-dinh"
        and new.issuer.name == "Chính phủ"
        and new.sector.name == "Thông tin và truyền thông"
    )
    assert (new.issued_on, new.effective_on, new.expires_on) == (date(2022, 6, 24), date(2022, 8, 15), None)
    assert new.signer == "Lê Minh Khái"
    # the stored name may get a suffix when the media folder already has that name
    assert [(f.file.title, f.file.file_extension) for f in new.files.all()] == [("42-2022-nd-cp", "pdf")]
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.kind, relation.target.number) == (
        new,
        RelationKind.REPLACES,
        "43/2011/NĐ-CP",
    )
    partly = LegalDocument.objects.get(number="05/2021/TTLT-BTC-BNV")
    assert partly.status_override == Status.PARTLY_EXPIRED
    assert Issuer.objects.filter(name="Chính phủ").count() == 1


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({**BASE, "number": ""}, "missing required field 'number'"),
        ({**BASE, "number": "chỉ thị một"}, "is not a document number"),
        ({**BASE, "number": "12/3/2022"}, "is not a document number"),
        ({**BASE, "type": "Thư mời"}, "unknown type 'Thư mời'"),
        ({**BASE, "issuer": None}, "missing required field 'issuer'"),
        ({**BASE, "issued_on": "09/03/2021"}, "'issued_on' is not a date"),
        ({**BASE, "effective_on": "2021-05-01", "expires_on": "2021-04-01"}, "'expires_on' is before"),
        ({**BASE, "status": "Tạm ngưng"}, "unknown status"),
        ({**BASE, "status": "Chưa xác định"}, "unknown status"),
        ({**BASE, "abstract": 42}, "'abstract' must be a string"),
        ({**BASE, "abstract": "x" * 5001}, "longer than 5000"),
        ({**BASE, "files": "missing.pdf"}, "file not found: missing.pdf"),
        ({**BASE, "files": ["../outside.pdf"]}, "outside the folder"),
        ({**BASE, "files": ["/etc/passwd"]}, "only files next to the JSONL file"),
        ({**BASE, "files": ["https://example.vn/a.pdf"]}, "only files next to the JSONL file"),
        ({**BASE, "files": ["notes.exe"]}, "type not accepted"),
        ({**BASE, "replaces": [1, 2]}, "'replaces' must be a list of strings"),
    ],
)
def test_bad_lines_are_reported_with_their_number(
    import_documents: Any, tmp_path: Path, record: Any, message: str
) -> None:
    (tmp_path / "notes.exe").write_bytes(b"MZ")
    (tmp_path.parent / "outside.pdf").write_bytes(b"%PDF")
    good = {"number": "05-CT/TW", "type": "Chỉ thị", "issuer": "Bộ Chính trị"}
    report = import_documents([good, record, {**good, "number": "06-CT/TW"}])
    assert report.created == 2
    assert len(report.errors) == 1
    lineno, text = report.errors[0]
    assert lineno == 2 and message in text, text
    assert LegalDocument.objects.count() == 2


def test_reimport_by_key_updates_and_same_number_other_term_is_new(import_documents: Any) -> None:
    first = import_documents([{**BASE, "abstract": "Cũ"}])
    assert (first.created, first.updated) == (1, 0)
    again = import_documents([{**BASE, "abstract": "Mới", "number": "Số: 1-CT/TW", "issuer": "BỘ CHÍNH TRỊ"}])
    assert (again.created, again.updated) == (0, 1)
    document = LegalDocument.objects.get()
    assert document.abstract == "Mới" and document.number == "1-CT/TW"
    other_term = import_documents([{**BASE, "issued_on": "2016-03-04"}])
    assert other_term.created == 1
    other_issuer = import_documents([{**BASE, "issuer": "Ban Bí thư"}])
    assert other_issuer.created == 1
    assert LegalDocument.objects.filter(number_folded="1-CT/TW").count() == 3


def test_unknown_fields_and_missing_relations_are_warnings(import_documents: Any) -> None:
    report = import_documents([{**BASE, "colour": "đỏ", "replaces": ["99-CT/TW"], "amends": "02-CT/TW"}])
    assert report.ok and report.created == 1
    assert report.warnings == [
        (1, "unknown field 'colour' ignored"),
        (1, "replaces '99-CT/TW': no such document in the database"),
        (1, "amends '02-CT/TW': no such document in the database"),
    ]


def test_relations_resolve_in_any_order_and_to_the_preceding_term(import_documents: Any) -> None:
    records = [
        {
            **BASE,
            "number": "10-CT/TW",
            "issued_on": "2022-01-01",
            "replaces": ["05-CT/TW"],
            "guides": ["01-CT/TW"],
        },
        {**BASE, "number": "05-CT/TW", "issued_on": "2016-05-15"},
        {**BASE, "number": "05-CT/TW", "issued_on": "2023-01-01"},  # a later term's 05-CT/TW
        {**BASE},
    ]
    report = import_documents(records)
    assert report.ok and not report.warnings, report.warnings
    source = LegalDocument.objects.get(number="10-CT/TW")
    relations = {(r.kind, r.target.number, r.target.issued_on) for r in source.relations.all()}
    assert relations == {
        (RelationKind.REPLACES, "05-CT/TW", date(2016, 5, 15)),
        (RelationKind.GUIDES, "01-CT/TW", date(2021, 3, 9)),
    }
    again = import_documents([{**records[0], "replaces": []}])
    assert again.updated == 1
    assert list(source.relations.values_list("kind", flat=True)) == [RelationKind.GUIDES]


def test_same_file_is_stored_once(import_documents: Any) -> None:
    files = {"files": ["files/42-2022-nd-cp.pdf"]}
    report = import_documents([{**BASE, **files}, {**BASE, "number": "02-CT/TW", **files}])
    assert report.ok, report.errors
    assert get_document_model().objects.count() == 1
    reimport = import_documents([{**BASE}])  # re-import without files removes the attachment
    assert reimport.updated == 1
    assert not LegalDocument.objects.get(number="01-CT/TW").files.exists()


def test_command_reports_errors_and_exits_non_zero(tmp_path: Path, home: Any, capsys: Any) -> None:
    path = tmp_path / "vb.jsonl"
    lines = [json.dumps(SAMPLE[3], ensure_ascii=False), "{broken", json.dumps({**BASE, "number": "07-CT/TW"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 dòng không nhập được"):
        call_command("import_documents", str(path), "--no-progress")
    out, err = capsys.readouterr()
    assert "2 văn bản mới, 0 văn bản cập nhật, 1 dòng lỗi" in out
    assert "vb.jsonl:2: error: invalid JSON" in err
    assert LegalDocument.objects.count() == 2
    path.write_text(lines[0] + "\n", encoding="utf-8")
    call_command("import_documents", str(path), "--no-progress")
    assert "0 văn bản mới, 1 văn bản cập nhật" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_documents", str(tmp_path / "none.jsonl"))
