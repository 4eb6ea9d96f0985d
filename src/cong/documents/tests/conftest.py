"""Fixtures of the documents tests: import records through the importer, and a sample database."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cong.core.jsonl import ImportReport, read_lines
from cong.documents.importer import DocumentImporter

SAMPLE = [
    {
        "number": "42/2022/NĐ-CP",
        "type": "Nghị định",
        "abstract": "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước "
        "trên môi trường mạng",
        "issuer": "Chính phủ",
        "signer": "Lê Minh Khái",
        "issued_on": "2022-06-24",
        "effective_on": "2022-08-15",
        "field": "Thông tin và truyền thông",
        "files": ["files/42-2022-nd-cp.pdf"],
        "replaces": ["43/2011/NĐ-CP"],
    },
    {
        "number": "43/2011/NĐ-CP",
        "type": "nghi-dinh",
        "abstract": "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang thông tin "
        "điện tử hoặc cổng thông tin điện tử của cơ quan nhà nước",
        "issuer": "Chính phủ",
        "issued_on": "2011-06-13",
        "effective_on": "2011-08-01",
        "field": "Thông tin và truyền thông",
    },
    {
        "number": "123/QĐ-UBND",
        "type": "Quyết định",
        "abstract": "Ban hành kế hoạch tuyển sinh vào lớp 10 năm học 2023 - 2024",
        "issuer": "Ủy ban nhân dân thành phố",
        "issued_on": "2023-01-15",
        "effective_on": "2023-01-15",
        "expires_on": "2024-01-01",
        "field": "Giáo dục",
    },
    {
        "number": "01-CT/TW",
        "type": "Chỉ thị",
        "abstract": "Về việc nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Nghị quyết "
        "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "issuer": "Bộ Chính trị",
        "issued_on": "2021-03-09",
    },
    {
        "number": "15/2025/NQ-HĐND",
        "type": "Nghị quyết",
        "abstract": "Quy định mức hỗ trợ học phí",
        "issuer": "Hội đồng nhân dân thành phố",
        "issued_on": "2025-07-10",
        "effective_on": "2099-01-01",
        "field": "Giáo dục",
    },
    {
        "number": "05/2021/TTLT-BTC-BNV",
        "type": "Thông tư liên tịch",
        "abstract": "Hướng dẫn quản lý kinh phí",
        "issuer": "Bộ Tài chính - Bộ Nội vụ",
        "issued_on": "2021-02-01",
        "status": "Hết hiệu lực một phần",
    },
]


@pytest.fixture
def import_documents(tmp_path: Path, home: Any) -> Callable[..., ImportReport]:
    """Import records (dicts, or raw strings for malformed lines) through the documents importer."""

    def _import(records: list[Any], name: str = "documents.jsonl") -> ImportReport:
        (tmp_path / "files").mkdir(exist_ok=True)
        (tmp_path / "files" / "42-2022-nd-cp.pdf").write_bytes(b"%PDF-1.4\n% van ban mau\n%%EOF\n")
        path = tmp_path / name
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return DocumentImporter(tmp_path).run(read_lines(path))

    return _import


@pytest.fixture
def sample_documents(import_documents: Callable[..., ImportReport]) -> ImportReport:
    report = import_documents(SAMPLE)
    assert report.ok, report.errors
    assert not report.warnings, report.warnings
    return report
