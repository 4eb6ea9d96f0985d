"""docs/roles.md is exactly what ``./cong roles_matrix`` prints from the migrated database."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROLES_MD = Path(__file__).resolve().parents[4] / "docs" / "roles.md"


def test_committed_matrix_is_what_the_command_prints(home: Any) -> None:
    out = io.StringIO()
    call_command("roles_matrix", stdout=out)
    assert out.getvalue() == ROLES_MD.read_text(encoding="utf-8"), (
        "docs/roles.md is out of date: run ./cong roles_matrix > docs/roles.md"
    )


def test_matrix_shows_each_role_and_the_documents_split(home: Any) -> None:
    out = io.StringIO()
    call_command("roles_matrix", stdout=out)
    text = out.getvalue()
    row = next(line for line in text.splitlines() if "`documents.legaldocument`" in line)
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    # Nội dung, Loại, Phóng viên, Cộng tác viên, Biên tập viên, Trưởng Ban biên tập, Quản trị
    assert cells[4] == "thêm, sửa, xem"
    assert "xuất bản, gỡ" in cells[5] and "xóa" in cells[5]
    assert cells[2] == cells[3] == cells[6] == "—"


def test_matrix_shows_the_roles_apps_add(home: Any) -> None:
    """Groups an app's migration adds (Hỏi đáp's "Cán bộ trả lời") get their own column."""
    out = io.StringIO()
    call_command("roles_matrix", stdout=out)
    text = out.getvalue()
    header = next(line for line in text.splitlines() if line.startswith("| Nội dung |"))
    assert [cell.strip() for cell in header.strip("|").split("|")][-1] == "Cán bộ trả lời"
    row = next(line for line in text.splitlines() if "`participation.question`" in line)
    assert row.strip("|").split("|")[-1].strip() == "sửa, xem"
    answer = next(line for line in text.splitlines() if "`participation.answer`" in line)
    assert "xuất bản" not in answer.strip("|").split("|")[-1]
    assert "**Cán bộ trả lời**" in text
