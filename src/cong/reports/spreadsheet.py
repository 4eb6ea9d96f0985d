"""Report tables as spreadsheets: XLSX with real types, and CSV that cannot smuggle in formulas."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cong.core.csvsafe import safe_cell

from .templatetags.report_tags import decimal_places

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """One table of a report: a sheet in the XLSX file, a section in the CSV file."""

    title: str
    headings: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    money_columns: frozenset[int] = frozenset()  # column indexes shown as VND amounts


def _plain(value: Any) -> Any:
    """Spreadsheet value: aware date-times in local time without zone (XLSX has no time zones)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _csv_text(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return safe_cell(value)


def csv_response(filename: str, heading: Sequence[str], tables: Sequence[Table]) -> HttpResponse:
    """Every table one after the other (title line, column headings, rows, blank line), UTF-8 with BOM."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 Vietnamese correctly with a BOM
    writer = csv.writer(response)
    for line in heading:
        writer.writerow([safe_cell(line)])
    for table in tables:
        writer.writerow([])
        writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(h) for h in table.headings])
        writer.writerows([_csv_text(value) for value in row] for row in table.rows)
    return response


def workbook(heading: Sequence[str], tables: Sequence[Table]) -> Workbook:
    """One sheet per table: the report heading lines, a blank line, bold column headings, then rows."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        row_number = 0

        def put(values: Sequence[Any], sheet: Any = sheet) -> Sequence[Any]:
            nonlocal row_number
            sheet.append(values)
            row_number += 1
            # sheet.cell() is a lookup; sheet[row] would scan every cell written so far.
            return [sheet.cell(row=row_number, column=n) for n in range(1, len(values) + 1)]

        for line in heading:
            put([line])[0].data_type = "s"
        put([])
        for cell in put(table.headings):
            cell.font = Font(bold=True)
            cell.data_type = "s"
        header_row = row_number
        widths = [len(h) for h in table.headings]
        for row in table.rows:
            for n, cell in enumerate(put([_plain(value) for value in row])):
                value = cell.value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif isinstance(value, datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif n in table.money_columns:
                    cell.number_format = "#,##0"
                elif isinstance(value, Decimal):
                    places = decimal_places(value)
                    cell.number_format = f"0.{'0' * places}" if places else "0"
                elif isinstance(value, float):
                    cell.number_format = "0.00"
                widths[n] = max(widths[n], min(len(str(value or "")), 60))
        for n, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = max(width + 2, 10)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return book


def xlsx_response(filename: str, heading: Sequence[str], tables: Sequence[Table]) -> HttpResponse:
    buffer = BytesIO()
    workbook(heading, tables).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
