"""Admin: the documents snippets work, and the "cited but not in the database" report."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cong.documents.models import LegalDocument
from cong.news.models import ArticlePage


@pytest.fixture
def admin_client(client: Any, db: Any) -> Any:
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-1")
    client.force_login(user)
    return client


@pytest.mark.usefixtures("sample_documents")
def test_snippet_screens(admin_client: Any) -> None:
    document = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    listing = admin_client.get("/admin/snippets/documents/legaldocument/")
    assert listing.status_code == 200 and "42/2022/NĐ-CP" in listing.content.decode()
    found = admin_client.get("/admin/snippets/documents/legaldocument/?q=dich+vu+cong")
    assert "42/2022/NĐ-CP" in found.content.decode() and "123/QĐ-UBND" not in found.content.decode()
    assert admin_client.get("/admin/snippets/documents/legaldocument/add/").status_code == 200
    edit = admin_client.get(f"/admin/snippets/documents/legaldocument/edit/{document.pk}/")
    assert edit.status_code == 200 and "Quan hệ với văn bản khác" in edit.content.decode()
    assert admin_client.get("/admin/snippets/documents/issuer/").status_code == 200
    assert admin_client.get("/admin/snippets/documents/sector/").status_code == 200


def test_report_lists_numbers_cited_but_missing(
    admin_client: Any, import_records: Any, sample_documents: Any
) -> None:
    report = import_records(
        [
            {"title": "Tin một", "body": "<p>Theo 42/2022/NĐ-CP và Kế hoạch 77/KH-UBND.</p>"},
            {"title": "Tin hai", "body": "<p>Công văn 1234/UBND-VX.</p>"},
        ]
    )
    assert report.ok, report.errors
    ArticlePage.objects.get(title="Tin hai").unpublish()
    html = admin_client.get("/admin/reports/van-ban-chua-co/").content.decode()
    assert "Văn bản được trích dẫn nhưng chưa có trong CSDL" in html
    assert "77/KH-UBND" in html and "Tin một" in html
    assert "42/2022/NĐ-CP" not in html  # in the database
    assert "1234/UBND-VX" not in html  # cited only by an unpublished article
    csv = admin_client.get("/admin/reports/van-ban-chua-co/?export=csv")
    assert csv.status_code == 200 and "77/KH-UBND" in b"".join(csv.streaming_content).decode()


def test_report_needs_document_permissions(client: Any, db: Any) -> None:
    user = get_user_model().objects.create_user("phongvien", "pv@example.vn", "mat-khau-dai-1")
    user.groups.add(Group.objects.get(name="Phóng viên"))
    client.force_login(user)
    response = client.get("/admin/reports/van-ban-chua-co/")
    assert response.status_code in {302, 403}
