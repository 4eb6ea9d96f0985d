"""Day-first date input for the public forms."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms

from cong.core.forms import VietnameseDateField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/12/2021", date(2021, 12, 1)),
        ("1/12/2021", date(2021, 12, 1)),
        ("1-12-2021", date(2021, 12, 1)),
        ("01.12.2021", date(2021, 12, 1)),
        (" 1 / 2 / 21 ", date(2021, 2, 1)),
        ("2021-12-01", date(2021, 12, 1)),  # links made before this form
    ],
)
def test_parses_what_people_type(typed: str, expected: date) -> None:
    assert VietnameseDateField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["12/31/2021", "31/02/2021", "hôm qua", "1/1", "9" * 500, "0/0/0000"])
def test_refuses_impossible_dates_with_a_vietnamese_message(typed: str) -> None:
    with pytest.raises(forms.ValidationError) as error:
        VietnameseDateField().clean(typed)
    assert "ngày/tháng/năm" in str(error.value)


def test_shows_day_first() -> None:
    class Form(forms.Form):
        tu = VietnameseDateField(required=False)

    html = str(Form(initial={"tu": date(2021, 12, 1)})["tu"])
    assert 'value="01/12/2021"' in html and 'type="text"' in html and 'inputmode="numeric"' in html
