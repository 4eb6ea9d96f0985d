"""CSV cells that a spreadsheet cannot mistake for a formula (CSV / formula injection).

A page title, user name or search term chosen by someone else can start with ``=``, ``+``, ``-`` or
``@``; Excel and LibreOffice run such a cell as a formula when the export is opened (e.g.
``=HYPERLINK(...)`` or DDE). Every CSV the portal writes passes its text cells through
:func:`safe_cell`, which puts a ``'`` in front, as OWASP recommends. Numbers are left as they are.

Wagtail's own exports (site history, page and workflow reports, the documents report, any
``list_export`` listing) all go through ``SpreadsheetExportMixin.preprocess_field_value``;
:func:`protect_wagtail_exports` wraps that one method at start-up (cong.core.apps), so no export of the
admin can be missed. XLSX exports need nothing: Wagtail already writes formula-like cells as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a leading ``'`` when it is text that starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def protect_wagtail_exports() -> None:
    """Make every CSV export of the Wagtail admin pass its cells through :func:`safe_cell`."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "cong_csv_safe", False):
        return

    def preprocess_field_value(self: Any, field: str, value: Any, export_format: str) -> Any:
        result = original(self, field, value, export_format)
        return safe_cell(result) if export_format == self.FORMAT_CSV else result

    preprocess_field_value.cong_csv_safe = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value  # type: ignore[method-assign]
