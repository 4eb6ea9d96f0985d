"""The reference page: the Hải Phòng seed article, imported through the importer, renders every piece."""

from __future__ import annotations

from typing import Any

from cong.core.testing import collapse, visible_text
from cong.demo.content import SEED_TEXT

# The seed's visitor box shows contradictory numbers; it is rendered by the statistics app, not copied.
NOT_ARTICLE_TEXT = {"image advertisement", "Thống kê truy cập"}


def seed_lines() -> list[str]:
    lines = [collapse(line) for line in SEED_TEXT.read_text(encoding="utf-8").splitlines()]
    return [
        line
        for line in lines
        if line
        and line not in NOT_ARTICLE_TEXT
        and not line.startswith(("• Đang online", "• Hôm nay", "• Trong tuần", "• Tất cả"))
    ]


def test_seed_text_is_what_we_expect() -> None:
    lines = seed_lines()
    assert lines[0].startswith("Đoàn công tác của Ban Tuyên giáo Trung ương")
    assert "Hoàng Tùng - Đàm Thanh" in lines
    assert len(lines) > 20


def test_every_line_of_the_seed_page_is_rendered(seed_article: Any, client: Any) -> None:
    response = client.get(seed_article.url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    missing = [line for line in seed_lines() if line not in text]
    assert missing == []


def test_pieces_are_in_their_places(seed_article: Any, client: Any) -> None:
    html = client.get(seed_article.url).content.decode()
    assert '<span class="source">(Haiphong.gov.vn)</span> - Sáng 1/12' in html
    assert html.count("<figcaption>") == 4
    assert (
        '<p class="byline"><a href="/tac-gia/hoang-tung/">Hoàng Tùng</a> - '
        '<a href="/tac-gia/dam-thanh/">Đàm Thanh</a></p>'
    ) in html
    assert '<time datetime="2021-12-01T08:30:00+07:00">Thứ Tư, 01/12/2021 08:30</time>' in html
    footer = visible_text(html[html.index("<footer") :])
    assert "Cơ quan quản lý: Văn phòng Ủy ban nhân dân thành phố Hải Phòng" in footer
    assert "Trưởng Ban biên tập: Chánh Văn phòng Trần Huy Kiên" in footer
    assert 'href="mailto:congthongtindientu@haiphong.gov.vn"' in html
    assert 'href="tel:02253821055"' in html
    assert '<html lang="vi">' in html


def test_each_paragraph_is_its_own_paragraph(seed_article: Any) -> None:
    text_blocks = "".join(str(b.value) for b in seed_article.body if b.block_type == "text")
    assert text_blocks.count("<p>") == 7
