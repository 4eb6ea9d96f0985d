"""Lấy ý kiến dự thảo: the draft split into Chương/Điều/Khoản; open -> comment on an article -> moderate
-> respond -> close (4xx, nothing stored) -> export, read back from the XLSX and the DOCX."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument
from openpyxl import load_workbook
from wagtail.models import Site

from cong.participation.demo import SAMPLE_DRAFT
from cong.participation.drafts import split_draft
from cong.participation.models import Comment, Consultation

from .conftest import pow_payload

pytestmark = pytest.mark.django_db


def test_split_draft() -> None:
    parts = split_draft(SAMPLE_DRAFT)
    labels = [p.label for p in parts]
    assert labels == [
        "Chương I",
        "Điều 1",
        "Điều 2",
        "Khoản 1 Điều 2",
        "Khoản 2 Điều 2",
        "Chương II",
        "Điều 3",
        "Khoản 1 Điều 3",
        "Khoản 2 Điều 3",
        "Điều 4",
    ]
    assert parts[0].heading == "QUY ĐỊNH CHUNG" and parts[1].heading == "Phạm vi điều chỉnh"
    assert parts[3].parent == 2 and parts[2].parent == 0
    assert parts[7].text.startswith("Câu hỏi được trả lời trong thời hạn 15 ngày")


def make_consultation(site: Site, **fields: Any) -> Consultation:
    now = timezone.now()
    values = {
        "site": site,
        "title": "Dự thảo Quy chế hỏi đáp",
        "slug": "quy-che-hoi-dap",
        "drafting_agency": "Văn phòng UBND",
        "draft_text": SAMPLE_DRAFT,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=10),
        **fields,
    }
    return Consultation.objects.create(**values)


def comment(client: Client, item: Consultation, text: str, part: Any = None, author: str = "") -> Any:
    data = {
        "text": text,
        "author": author,
        "part": str(part.pk) if part else "",
        "altcha": pow_payload(client),
    }
    return client.post(f"/lay-y-kien/{item.slug}/", data)


def test_consultation_journey_and_exports(site: Site, staff: Callable[..., Any]) -> None:
    item = make_consultation(site)
    article3 = item.parts.get(label="Điều 3")
    clause = item.parts.get(label="Khoản 2 Điều 3")
    page = Client().get(f"/lay-y-kien/{item.slug}/")
    assert page.status_code == 200 and not page.cookies
    assert "Điều 3." in page.content.decode()

    visitor = Client()
    assert (
        comment(visitor, item, "Nên rút thời hạn xuống 10 ngày.", article3, "Hội Luật gia").status_code == 303
    )
    assert comment(visitor, item, "Cần quy định cụ thể trường hợp phức tạp.", clause).status_code == 303
    assert comment(visitor, item, "Dự thảo nên có điều khoản chuyển tiếp.").status_code == 303
    assert comment(visitor, item, "Nội dung quảng cáo không liên quan.", article3).status_code == 303
    assert comment(visitor, item, "Tôi rút lại ý kiến này.", article3).status_code == 303
    assert Comment.objects.count() == 5
    assert "Nên rút thời hạn" not in Client().get(f"/lay-y-kien/{item.slug}/?x=1").content.decode(), (
        "moderated first"
    )

    # Moderation and responses through the admin forms.
    _, editor = staff("bientap", "Biên tập viên")
    by_text = {c.text[:12]: c for c in Comment.objects.all()}

    def moderate(c: Comment, status: str, kind: str = "", response: str = "") -> None:
        url = reverse("wagtailsnippets_participation_comment:edit", args=[c.pk])
        r = editor.post(url, {"status": status, "response_kind": kind, "response": response})
        assert r.status_code == 302, r.content.decode()[:2000]

    moderate(by_text["Nên rút thời"], "published", "giai_trinh", "Giữ 15 ngày theo Luật Tiếp công dân.")
    moderate(by_text["Cần quy định"], "published", "tiep_thu", "Đã bổ sung tiêu chí.")
    moderate(by_text["Dự thảo nên "], "published")
    moderate(by_text["Nội dung quả"], "hidden")
    moderate(by_text["Tôi rút lại "], "withdrawn")
    html = Client().get(f"/lay-y-kien/{item.slug}/?y=1").content.decode()
    assert "Nên rút thời hạn" in html and "Giữ 15 ngày" in html and "Hội Luật gia" in html
    assert "quảng cáo" not in html and "rút lại ý kiến" not in html

    # Closed: nothing can be added.
    Consultation.objects.filter(pk=item.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    item.refresh_from_db()
    late = comment(Client(REMOTE_ADDR="10.5.5.5"), item, "Góp ý muộn.", article3)
    assert late.status_code == 403
    assert Comment.objects.count() == 5

    # XLSX: grouped by part with counts; hidden and withdrawn never exported.
    xlsx = editor.get(f"/admin/lay-y-kien/{item.pk}/xuat.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=6, values_only=True) if row[0]}
    assert summary == {
        "Toàn bộ dự thảo": 1,
        "Điều 3. Thời hạn trả lời": 1,
        "Khoản 2 Điều 3": 1,
        "Tổng cộng": 3,
    }
    rows = list(book["Ý kiến"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Toàn bộ dự thảo", 1, "Không nêu tên"),
        ("Điều 3. Thời hạn trả lời", 1, "Hội Luật gia"),
        ("Khoản 2 Điều 3", 1, "Không nêu tên"),
    ]
    assert rows[1][6] == "Giải trình" and rows[1][7].startswith("Giữ 15 ngày")
    exported = " ".join(str(cell) for row in rows for cell in row)
    assert "quảng cáo" not in exported and "rút lại" not in exported

    # DOCX: the "Bảng tổng hợp, tiếp thu, giải trình ý kiến".
    word = editor.get(f"/admin/lay-y-kien/{item.pk}/xuat.docx")
    assert word.status_code == 200
    document = DocxDocument(io.BytesIO(word.content))
    assert "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in document.paragraphs[0].text
    table = document.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][1] == "Điều, khoản" and len(cells) == 4
    assert cells[2][1] == "Điều 3. Thời hạn trả lời" and cells[2][4].startswith("Giải trình: Giữ 15 ngày")
    assert cells[3][4].startswith("Tiếp thu")
    assert "quảng cáo" not in " ".join(" ".join(r) for r in cells)

    _, officer = staff("canbo", "Cán bộ trả lời")
    assert officer.get(f"/admin/lay-y-kien/{item.pk}/xuat.xlsx").status_code in (302, 403)


def test_comment_abuse_cases(site: Site) -> None:
    item = make_consultation(site)
    client = Client()
    url = f"/lay-y-kien/{item.slug}/"
    assert client.post(url, {"text": "Không có bài toán."}).status_code == 400
    assert client.post(url, {"text": "x" * 5001, "altcha": pow_payload(client)}).status_code == 400
    other = make_consultation(site, slug="khac")
    foreign_part = other.parts.first()
    assert comment(client, item, "Phần của dự thảo khác.", foreign_part).status_code == 400
    data = {"text": "Lần một.", "altcha": pow_payload(client)}
    assert client.post(url, data).status_code == 303
    assert client.post(url, {**data, "text": "Phát lại."}).status_code == 400
    assert Comment.objects.count() == 1
    future = make_consultation(site, slug="chua-mo", opens_at=timezone.now() + timedelta(days=1))
    assert Client().get(f"/lay-y-kien/{future.slug}/").status_code == 404


def test_reparse_keeps_parts_once_commented(site: Site) -> None:
    item = make_consultation(site)
    part = item.parts.get(label="Điều 4")
    Comment.objects.create(consultation=item, part=part, text="Góp ý", pow_hash="x")
    item.draft_text += "\\nĐiều 5. Hiệu lực\\nQuy chế có hiệu lực từ ngày ký."
    item.save()
    assert item.parts.filter(pk=part.pk).exists() and not item.parts.filter(label="Điều 5").exists()


def test_consultation_linked_to_the_documents_database(site: Site, staff: Callable[..., Any]) -> None:
    """A draft may be an entry of the documents database (unpublished while it is a draft): the public
    page names it only once the document is published."""
    from cong.documents.models import Issuer, LegalDocument

    document = LegalDocument.objects.create(
        number="15/2026/QĐ-UBND", doc_type="quyet-dinh", issuer=Issuer.objects.create(name="UBND tỉnh")
    )
    LegalDocument.objects.filter(pk=document.pk).update(live=False)
    item = make_consultation(site, legal_document=document)
    assert list(document.consultations.all()) == [item]
    assert "15/2026/QĐ-UBND" not in Client().get(f"/lay-y-kien/{item.slug}/").content.decode()
    LegalDocument.objects.filter(pk=document.pk).update(live=True)
    html = Client().get(f"/lay-y-kien/{item.slug}/?v=2").content.decode()
    assert "15/2026/QĐ-UBND" in html
    _, editor = staff("bientap", "Biên tập viên")
    edit = editor.get(reverse("wagtailsnippets_participation_consultation:edit", args=[item.pk]))
    assert edit.status_code == 200 and 'name="legal_document"' in edit.content.decode()


def docx_of(text: str) -> bytes:
    document = DocxDocument()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_parts_from_the_uploaded_draft(site: Site, staff: Callable[..., Any]) -> None:
    """With the text left empty, the draft is taken from the uploaded DOCX (or TXT) file."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    uploaded = Document.objects.create(
        title="Dự thảo quy chế", file=ContentFile(docx_of(SAMPLE_DRAFT), name="du-thao.docx")
    )
    item = make_consultation(site, draft_text="", attachment=uploaded)
    assert item.draft_text.startswith("Chương I\nQUY ĐỊNH CHUNG")
    assert [p.label for p in item.parts.all()] == [p.label for p in split_draft(SAMPLE_DRAFT)]
    text_file = Document.objects.create(
        title="Bản TXT", file=ContentFile(SAMPLE_DRAFT.encode(), name="du-thao.txt")
    )
    assert make_consultation(site, slug="txt", draft_text="", attachment=text_file).parts.count() == 10

    # In the admin: neither text nor a readable file is refused.
    _, editor = staff("bientap", "Biên tập viên")
    response = editor.post(
        reverse("wagtailsnippets_participation_consultation:add"),
        {
            "site": str(site.pk),
            "title": "Dự thảo trống",
            "slug": "trong",
            "drafting_agency": "Sở Tư pháp",
            "opens_at": "2026-01-01 08:00",
            "closes_at": "2036-01-01 08:00",
            "draft_text": "",
        },
    )
    assert response.status_code == 200 and "Dán toàn văn dự thảo hoặc chọn tệp" in response.content.decode()
    assert not Consultation.objects.filter(slug="trong").exists()


def test_consultation_has_several_attachments(site: Site, staff: Callable[..., Any]) -> None:
    """Besides the draft itself: the explanatory report, impact assessment... (Tài liệu kèm theo)."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    report = Document.objects.create(title="Tờ trình", file=ContentFile(b"%PDF-1.4", name="to-trinh.pdf"))
    impact = Document.objects.create(
        title="Báo cáo đánh giá tác động", file=ContentFile(b"%PDF-1.4", name="danh-gia.pdf")
    )
    _, editor = staff("bientap", "Biên tập viên")
    response = editor.post(
        reverse("wagtailsnippets_participation_consultation:add"),
        nested_form_data(
            {
                "site": str(site.pk),
                "title": "Dự thảo có tài liệu",
                "slug": "co-tai-lieu",
                "drafting_agency": "Sở Tư pháp",
                "opens_at": "2026-01-01 08:00",
                "closes_at": "2036-01-01 08:00",
                "draft_text": SAMPLE_DRAFT,
                "related_files": inline_formset([{"document": str(report.pk)}, {"document": str(impact.pk)}]),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Consultation.objects.get(slug="co-tai-lieu")
    assert [f.document.title for f in item.related_files.all()] == ["Tờ trình", "Báo cáo đánh giá tác động"]
    html = Client().get(f"/lay-y-kien/{item.slug}/").content.decode()
    assert "Tài liệu kèm theo" in html and "Tờ trình" in html and "Báo cáo đánh giá tác động" in html
