"""The citation parser: a table of real citations, things that must not match, and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cong.documents.citations import canonical_number, find_citations, fold_number, looks_like_number, prepare

# (text as found in articles, expected citations as written, kind)
REAL_CITATIONS = [
    ("Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ", ["42/2022/NĐ-CP"], "state"),
    ("theo Thông tư 12/2022/TT-BTTTT của Bộ Thông tin và Truyền thông", ["12/2022/TT-BTTTT"], "state"),
    ("Thông tư liên tịch số 05/2021/TTLT-BTC-BNV", ["05/2021/TTLT-BTC-BNV"], "state"),
    ("Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13", ["80/2015/QH13"], "state"),
    ("Luật số 86/2015/QH13.", ["86/2015/QH13"], "state"),
    ("Nghị quyết 1004/2015/UBTVQH13 của Ủy ban Thường vụ Quốc hội", ["1004/2015/UBTVQH13"], "state"),
    ("Nghị định 30/2020/NĐ-CP về công tác văn thư", ["30/2020/NĐ-CP"], "state"),
    ("Quyết định số 123/QĐ-UBND ngày 15/01/2023", ["123/QĐ-UBND"], "admin"),
    ("Công văn số 1234/UBND-VX về việc tăng cường...", ["1234/UBND-VX"], "admin"),
    ("Quyết định 749/QĐ-TTg phê duyệt Chương trình Chuyển đổi số quốc gia", ["749/QĐ-TTg"], "admin"),
    ("Chỉ thị 16/CT-TTg về thực hiện các biện pháp cấp bách", ["16/CT-TTg"], "admin"),
    ("Kế hoạch số 45/KH-UBND, Thông báo 12/TB-VPCP", ["45/KH-UBND", "12/TB-VPCP"], "admin"),
    ("Chỉ thị 01-CT/TW của Bộ Chính trị", ["01-CT/TW"], "party"),
    ("Kết luận số 01-KL/TW của Bộ Chính trị", ["01-KL/TW"], "party"),
    ("Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh", ["05-CT/TW"], "party"),
    ("Hướng dẫn 36-HD/VPTW của Văn phòng Trung ương Đảng", ["36-HD/VPTW"], "party"),
    ("Nghị quyết số 35-NQ/TW; Quy định 102-QĐ/TW", ["35-NQ/TW", "102-QĐ/TW"], "party"),
    ("Chương trình hành động số 10-CTr/TU của Thành ủy", ["10-CTr/TU"], "party"),
    ("(Chỉ thị 05-CT/TW)", ["05-CT/TW"], "party"),
    ("Số: 01-CT/TW", ["01-CT/TW"], "party"),
    ("số01-CT/TW", ["01-CT/TW"], "party"),
    ("“Chỉ thị 01-CT/TW”,", ["01-CT/TW"], "party"),
]

NOT_CITATIONS = [
    "Sáng 1/12, Đoàn công tác làm việc với thành phố",
    "ngày 12/3/2022 và ngày 01/12/2021",
    "quý 1/2022, tháng 12/2021",
    "đạt 1/2 kế hoạch, 3/4 số xã, tỷ lệ 100%",
    "Điện thoại: 0225.3821.055 - 0225.3747.352",
    "Hotline 1900-1234, 024-3823-4567",
    "lúc 08:30, từ 7h30 đến 11h00",
    "xem https://chinhphu.vn/van-ban/42/2022/ND-CP và www.haiphong.gov.vn/123/QĐ-UBND",
    "tra cứu tại vbpl.vn/tw/Pages/vbpq-toanvan.aspx?ItemID=42/2022/NĐ-CP",
    "địa chỉ email congthongtindientu@haiphong.gov.vn",
    "tải về tại vbpl.vn/tw/van-ban(42/2022/NĐ-CP).pdf hoặc http://a.vn/x,01-CT/TW",
    "hộp thư vanban-01-CT/TW@haiphong.gov.vn",
    "Phòng 24/7 COVID-19, biến chủng SARS-CoV-2, F0/F1",
    "số nhà 18/5 Hoàng Diệu, ngõ 12/34/56",
    "tỷ số 2/1, kết quả 3-1",
    "ISO 9001:2015, Covid-19",
]


@pytest.mark.parametrize(("text", "expected", "kind"), REAL_CITATIONS)
def test_real_citations(text: str, expected: list[str], kind: str) -> None:
    found = find_citations(text)
    assert [c.text for c in found] == expected
    assert {c.kind for c in found} == {kind}
    prepared = prepare(text)
    assert [prepared[c.start : c.end] for c in found] == expected


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


def test_nfd_text_and_eth_lookalike() -> None:
    nfd = unicodedata.normalize("NFD", "Nghị định số 42/2022/NĐ-CP và Quyết định 123/QĐ-UBND")
    assert [c.text for c in find_citations(nfd)] == ["42/2022/NĐ-CP", "123/QĐ-UBND"]
    eth = "Nghị định 42/2022/\u00d0-CP, 102-Q\u00d0/TW"
    assert [c.folded for c in find_citations(eth)] == ["42/2022/D-CP", "102-QD/TW"]
    assert fold_number("42/2022/N\u00d0-CP") == fold_number("42/2022/NĐ-CP") == "42/2022/ND-CP"


def test_folding_and_canonical_form() -> None:
    assert fold_number("01-CT/TW") == fold_number("1-ct/tw") == "1-CT/TW"
    assert fold_number("Số: 05/2021/TTLT-BTC-BNV") == "5/2021/TTLT-BTC-BNV"
    assert fold_number("0/QĐ-UBND") == "0/QD-UBND"
    assert canonical_number("  số  42/2022/NĐ\u2013CP ") == "42/2022/NĐ-CP"
    assert canonical_number(unicodedata.normalize("NFD", "Số: 123/QĐ-UBND")) == "123/QĐ-UBND"
    assert looks_like_number("42/2022/NĐ-CP") and looks_like_number("01-CT/TW")
    assert not looks_like_number("Nghị định 42/2022/NĐ-CP") and not looks_like_number("chuyển đổi số")


# --- properties -----------------------------------------------------------------------------------
CODE_LETTERS = "ABCDEGHKLMNPQRSTUVXYĐ"
code_part = st.text(alphabet=CODE_LETTERS, min_size=1, max_size=6)
number = st.integers(min_value=1, max_value=99999).map(str)
state_numbers = st.builds(
    lambda n, year, parts: f"{n}/{year}/{'-'.join(parts)}",
    number,
    st.integers(min_value=1945, max_value=2099),
    st.lists(code_part, min_size=1, max_size=3),
)
admin_numbers = st.builds(
    lambda n, parts: f"{n}/{'-'.join(parts)}", number, st.lists(code_part, min_size=2, max_size=3)
)
party_numbers = st.builds(
    lambda n, kind, org: f"{n}-{kind}/{org}",
    number,
    st.text(alphabet=CODE_LETTERS, min_size=1, max_size=4),
    code_part,
)
any_number = st.one_of(state_numbers, admin_numbers, party_numbers)
vietnamese_words = st.lists(
    st.sampled_from(
        ["Chỉ thị", "số", "Nghị định", "của", "Bộ Chính trị", "về", "việc", "ngày", "thực hiện", "Đảng"]
    ),
    max_size=6,
).map(" ".join)
separators = st.sampled_from([" ", ", ", " (", "; ", " “", "\n", " số ", " Số: "])
closers = st.sampled_from([" ", ", ", ") ", ". ", "; ", "” ", "\n", ":"])


@settings(max_examples=300, deadline=None)
@given(before=vietnamese_words, sep=separators, cited=any_number, close=closers, after=vietnamese_words)
def test_a_number_in_running_text_is_found_exactly(
    before: str, sep: str, cited: str, close: str, after: str
) -> None:
    text = f"{before}{sep}{cited}{close}{after}"
    found = find_citations(text)
    assert [c.text for c in found] == [cited]
    assert found[0].folded == fold_number(cited)


@settings(max_examples=200, deadline=None)
@given(cited=any_number, before=vietnamese_words)
def test_nfd_and_eth_spellings_fold_the_same(cited: str, before: str) -> None:
    for variant in (unicodedata.normalize("NFD", cited), cited.replace("Đ", "\u00d0")):
        found = find_citations(f"{before} {variant} ")
        assert [c.folded for c in found] == [fold_number(cited)]


@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    year=st.integers(1900, 2099),
    a=st.integers(0, 9999),
    b=st.integers(1, 9999),
    words=vietnamese_words,
)
def test_dates_fractions_phones_and_times_never_match(
    day: int, month: int, year: int, a: int, b: int, words: str
) -> None:
    samples = [
        f"ngày {day}/{month}/{year}",
        f"ngày {day:02d}/{month:02d}/{year}",
        f"{day}/{month}",
        f"{a}/{b}",
        f"{a}/{b}/{year}",
        f"0{a:04d}.{b:04d}.{day:03d}",
        f"0{a}-{b}-{day}",
        f"{day % 24:02d}:{month * 4:02d}",
        f"{day % 24}h{month * 4:02d}",
        f"https://example.gov.vn/{a}/{year}/ND-CP?so={b}/QĐ-UBND",
        f"{a}.{b}/QĐ-UBND",
    ]
    for sample in samples:
        assert find_citations(f"{words} {sample} {words}") == [], sample


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_never_fails_and_spans_are_consistent(text: str) -> None:
    prepared = prepare(text)
    previous_end = 0
    for citation in find_citations(text):
        assert previous_end <= citation.start < citation.end <= len(prepared)
        assert prepared[citation.start : citation.end] == citation.text
        assert fold_number(citation.folded) == citation.folded  # folding is idempotent
        previous_end = citation.end


def test_long_input_is_fast_enough() -> None:
    text = ("1/2/3/4-5-6/" * 5000) + ("Chỉ thị 01-CT/TW " * 2000)
    assert len(find_citations(text)) == 2000
