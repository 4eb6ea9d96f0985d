import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cong.core.text import format_vi_datetime, nfc, slugify_vi, strip_diacritics


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đoàn công tác của Ban Tuyên giáo Trung ương", "doan-cong-tac-cua-ban-tuyen-giao-trung-uong"),
        ("Đà Nẵng đẹp lắm!", "da-nang-dep-lam"),
        ("Văn hóa - Xã hội", "van-hoa-xa-hoi"),
        ("Nghị định 42/2022/NĐ-CP", "nghi-dinh-42-2022-nd-cp"),
        ("Ðiện Biên", "dien-bien"),  # U+00D0 look-alike
        (unicodedata.normalize("NFD", "Hải Phòng"), "hai-phong"),
        ("!!!", "bai-viet"),
    ],
)
def test_slugify_vi(text: str, slug: str) -> None:
    assert slugify_vi(text) == slug


def test_slug_length_is_bounded_at_a_word() -> None:
    slug = slugify_vi("Thành phố " * 40, max_length=30)
    assert len(slug) <= 30
    assert not slug.endswith("-")


def test_nfc_and_eth() -> None:
    decomposed = unicodedata.normalize("NFD", "Thủy Nguyên")
    assert nfc(decomposed) == "Thủy Nguyên"
    assert nfc("\u00d0à Nẵng") == "Đà Nẵng"
    assert strip_diacritics("Đường Hồ Chí Minh, Ngữ văn") == "Duong Ho Chi Minh, Ngu van"


def test_vietnamese_date_format_in_local_time() -> None:
    utc = datetime(2021, 12, 1, 1, 30, tzinfo=ZoneInfo("UTC"))
    assert format_vi_datetime(utc) == "Thứ Tư, 01/12/2021 08:30"
    sunday = datetime(2021, 12, 5, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert format_vi_datetime(sunday) == "Chủ Nhật, 05/12/2021 23:59"
    # 17:30 UTC on Saturday is already Sunday in Hà Nội.
    assert format_vi_datetime(datetime(2021, 12, 4, 17, 30, tzinfo=ZoneInfo("UTC"))).startswith("Chủ Nhật")
    assert format_vi_datetime(None) == ""
