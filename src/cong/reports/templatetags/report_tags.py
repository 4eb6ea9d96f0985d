"""How report cells read on the page (Vietnamese number and date formats)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


def vi_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """1234567 -> "1.234.567"; 1.5 -> "1,50" with decimals=2 (Vietnamese separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@register.filter
def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return vi_number(value)
    if isinstance(value, Decimal):
        return vi_number(value, decimal_places(value))
    if isinstance(value, float):
        return vi_number(value, 2)
    return str(value)
