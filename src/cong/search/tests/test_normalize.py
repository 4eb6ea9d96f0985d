"""The normalisation module: one form for everything people type."""

import unicodedata

import pytest

from cong.search.normalize import clean, fold, is_doc_number, normalize, place_tones, tokens


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đà Nẵng", "đà nẵng"),
        ("ĐÀ NẴNG", "đà nẵng"),
        ("\u00d0à Nẵng", "đà nẵng"),  # Icelandic Ð look-alike
        (nfd("Đà Nẵng"), "đà nẵng"),
        ("hoà bình", "hòa bình"),
        ("Thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("qúy", "quý"),
        ("gìa", "già"),
        ("gì", "gì"),
        ("hòang", "hoàng"),
        ("khuỷu", "khuỷu"),
        ("xoáy", "xoáy"),
        ("Người GIỮ gìn", "người giữ gìn"),
        ("Quốc hội, Hồ Chí Minh", "quốc hội, hồ chí minh"),
        ("Tiếp tục thực hiện; ẵm", "tiếp tục thực hiện; ẵm"),
        (nfd("thuỷ điện HOÀ BÌNH"), "thủy điện hòa bình"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected
    assert unicodedata.is_normalized("NFC", normalize(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đà Nẵng", "da nang"),
        ("\u00d0ồng Nai", "dong nai"),
        (nfd("Hà Nội"), "ha noi"),
        ("ẵ ộ ế ồ ố ữ ự Ữ", "a o e o o u u u"),
        ("hoà", "hoa"),
        ("Thủy", "thuy"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_tone_placement_is_idempotent_and_case_preserving() -> None:
    for word in ("hòa", "Hoà", "THUỶ", "quý", "người", "khuyến"):
        once = place_tones(word)
        assert place_tones(once) == once
        assert once.isupper() == word.isupper()
    assert place_tones("Hoà") == "Hòa"
    assert place_tones("THUỶ") == "THỦY"


def test_tokens_keep_document_numbers_whole() -> None:
    text = "Chỉ thị 01-CT/TW, Nghị định 42/2022/NĐ-CP và Quyết định số 123/QĐ-UBND; kinh-tế, NĐ-CP."
    assert tokens(text) == [
        "chỉ", "thị", "01-ct/tw", "nghị", "định", "42/2022/nđ-cp", "và",
        "quyết", "định", "số", "123/qđ-ubnd", "kinh", "tế", "nđ", "cp",
    ]  # fmt: skip
    assert is_doc_number("01-ct/tw") and not is_doc_number("nđ-cp")


def test_clean_drops_controls_and_lone_surrogates() -> None:
    assert clean("a\x00b\ud800c") == "a b c"
    assert tokens("\x00\ud800\udfff") == []
