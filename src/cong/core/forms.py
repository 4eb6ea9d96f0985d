"""Form fields shared by the public pages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms

# "1/12/2021", "01-12-2021", "01.12.2021", "1/12/21"; and ISO "2021-12-01" from older links.
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class VietnameseDateInput(forms.TextInput):
    """A text box for day/month/year: browsers' date pickers follow the browser's locale (mm/dd/yyyy)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class VietnameseDateField(forms.DateField):
    """A date typed the Vietnamese way (day first), with any of / . - between the parts."""

    widget = VietnameseDateInput
    default_error_messages = {
        "invalid": "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/12/2021."
    }

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        text = str(value)[:40]
        if match := _DMY.match(text):
            day, month, year = (int(part) for part in match.groups())
            if year < 100:
                year += 2000
        elif match := _ISO.match(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
