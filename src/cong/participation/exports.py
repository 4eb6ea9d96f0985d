"""Exports for the drafting agency: every comment grouped by part (XLSX) and the "Bảng tổng hợp, tiếp
thu, giải trình ý kiến" (DOCX). Hidden and withdrawn comments are never exported."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils import timezone
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Comment, Consultation, DraftPart

EXPORTED = [Comment.Status.PENDING, Comment.Status.PUBLISHED]
WHOLE_DRAFT = "Toàn bộ dự thảo"


def grouped(consultation: Consultation) -> Iterator[tuple[DraftPart | None, list[Comment]]]:
    """(part, its exported comments) for the whole draft first, then each part in order; parts with
    no comment are left out."""
    comments = list(
        consultation.comments.filter(status__in=EXPORTED).select_related("part").order_by("created_at", "pk")
    )
    whole = [c for c in comments if c.part_id is None]
    if whole:
        yield None, whole
    for part in consultation.parts.all():
        mine = [c for c in comments if c.part_id == part.pk]
        if mine:
            yield part, mine


def _label(part: DraftPart | None) -> str:
    return str(part) if part is not None else WHOLE_DRAFT


def xlsx(consultation: Consultation) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append([consultation.title])
    summary.append([f"Cơ quan chủ trì soạn thảo: {consultation.drafting_agency}"])
    summary.append([f"Xuất lúc {timezone.localtime():%d/%m/%Y %H:%M}"])
    summary.append([])
    summary.append(["Phần", "Số ý kiến"])
    groups = list(grouped(consultation))
    for part, comments in groups:
        summary.append([_label(part), len(comments)])
    summary.append(["Tổng cộng", sum(len(c) for _, c in groups)])
    summary["A1"].font = Font(bold=True, size=13)
    summary.column_dimensions["A"].width = 60

    sheet = book.create_sheet("Ý kiến")
    sheet.append(
        [
            "Phần",
            "STT",
            "Người / tổ chức góp ý",
            "Nội dung góp ý",
            "Thời gian",
            "Trạng thái",
            "Tiếp thu / giải trình",
            "Ý kiến của cơ quan soạn thảo",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for part, comments in groups:
        for n, comment in enumerate(comments, start=1):
            sheet.append(
                [
                    _label(part),
                    n,
                    comment.author or "Không nêu tên",
                    comment.text,
                    timezone.localtime(comment.created_at).strftime("%d/%m/%Y %H:%M"),
                    comment.get_status_display(),
                    comment.get_response_kind_display(),
                    comment.response,
                ]
            )
    for column, width in zip("ABCDEFGH", (30, 6, 24, 70, 17, 12, 16, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx(consultation: Consultation) -> bytes:
    document = DocxDocument()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý").bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(f"đối với {consultation.title}").italic = True
    document.add_paragraph(
        f"Cơ quan chủ trì soạn thảo: {consultation.drafting_agency}. Thời gian lấy ý kiến: từ "
        f"{timezone.localtime(consultation.opens_at):%d/%m/%Y} đến {timezone.localtime(consultation.closes_at):%d/%m/%Y}."
    )
    groups = list(grouped(consultation))
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ["STT", "Điều, khoản", "Nội dung góp ý", "Cơ quan, tổ chức, cá nhân góp ý", "Tiếp thu, giải trình"],
        strict=True,
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    number = 0
    for part, comments in groups:
        for comment in comments:
            number += 1
            answer = comment.response or (part.response if part is not None else "")
            kind = comment.get_response_kind_display() or (
                part.get_response_kind_display() if part is not None else ""
            )
            row = table.add_row().cells
            row[0].text = str(number)
            row[1].text = _label(part)
            row[2].text = comment.text
            row[3].text = comment.author or "Không nêu tên"
            row[4].text = f"{kind}: {answer}" if kind and answer else (kind or answer)
    document.add_paragraph(f"Tổng số: {number} ý kiến.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
