"""Responsive: no horizontal scrolling at 320 px (WCAG 1.4.10), images scale, tables readable on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .conftest import PUBLIC_PAGES, axe_violations, describe

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 0.5; })
    .filter(e => !e.closest('.table-scroll') && !e.closest('.visually-hidden'))
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""
IMAGES = """() => [...document.images].filter(i => i.getBoundingClientRect().width > 2).map(i => {
  const r = i.getBoundingClientRect(), box = i.parentElement.getBoundingClientRect();
  return {src: i.currentSrc.split('/').pop(), width: r.width, right: r.right, parent: box.width,
          ratio: i.naturalWidth ? Math.abs(i.width / i.height - i.naturalWidth / i.naturalHeight) : 0};
})"""


def assert_fits(page: Page) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["width"], overflow
    assert not overflow["wide"], overflow
    for image in page.evaluate(IMAGES):
        assert image["right"] <= NARROW["width"] + 0.5, image
        assert image["width"] <= image["parent"] + 0.5, image
        assert image["ratio"] < 0.02, f"image distorted: {image}"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_no_horizontal_scrolling_at_320px(
    open_page: Callable[..., Page], page_paths: dict[str, str], name: str
) -> None:
    """With the default text size, then (pages with reader controls) after A+ twice: the largest."""
    page = open_page(page_paths[name], viewport=NARROW)
    assert_fits(page)
    bigger = page.get_by_role("button", name="A+ (tăng cỡ chữ)")
    if name != "print":
        bigger.click()
        bigger.click()
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
        assert_fits(page)


def test_table_patterns_on_a_phone(open_page: Callable[..., Page]) -> None:
    """The two table patterns of site.css (docs/accessibility.md): scrolling region and stacked rows."""
    page = open_page(PUBLIC_PAGES["article"], viewport=NARROW)
    headers = ["Số ký hiệu", "Ngày ban hành", "Trích yếu", "Cơ quan ban hành", "Hiệu lực"]
    row = ["42/2022/NĐ-CP", "24/06/2022", "Quy định về việc cung cấp thông tin", "Chính phủ", "Còn hiệu lực"]
    head = "".join(f"<th scope='col'>{h}</th>" for h in headers)
    stacked = "".join(f"<td data-label='{h}'>{v}</td>" for h, v in zip(headers, row, strict=True))
    plain = "".join(f"<td>{v}</td>" for v in row)
    page.evaluate(
        """([head, stacked, plain]) => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('afterbegin',
            `<div class="table-scroll" role="region" aria-label="Bảng văn bản (cuộn ngang)" tabindex="0">
               <table class="data-table" id="wide"><thead><tr>${head}</tr></thead><tbody><tr>${plain}</tr></tbody></table>
             </div>
             <table class="data-table table-stack" id="stacked"><caption>Văn bản mới</caption>
               <thead><tr>${head}</tr></thead><tbody><tr>${stacked}</tr><tr>${stacked}</tr></tbody></table>`);
        }""",
        [head, stacked, plain],
    )
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= overflow["width"], overflow
    region = page.evaluate(
        "(() => { const r = document.querySelector('.table-scroll'); return [r.scrollWidth, r.clientWidth]; })()"
    )
    assert region[0] > region[1], "the wide table scrolls inside its region"
    cells = page.locator("#stacked td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first and second and second["y"] > first["y"], "stacked rows: one cell per line"
    assert first["width"] <= NARROW["width"]
    label = page.evaluate("getComputedStyle(document.querySelector('#stacked td'), '::before').content")
    assert label == '"Số ký hiệu"', "each stacked cell shows its column name"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link to the main content, whose first stop is the region
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "table-scroll"
    page.keyboard.press("ArrowRight")
    # Polled with evaluate: wait_for_function evaluates a string, which the public CSP forbids.
    for _ in range(40):
        if page.evaluate("document.querySelector('.table-scroll').scrollLeft") > 0:
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the arrow key does not scroll the focused table region")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_article_text_is_left_aligned_on_a_phone(open_page: Callable[..., Page]) -> None:
    """Justified text opens wide gaps between words at phone width (WCAG 1.4.8): left-aligned there."""
    align = "getComputedStyle(document.querySelector('.article-body p')).textAlign"
    phone = open_page(PUBLIC_PAGES["article"], viewport={"width": 375, "height": 800})
    assert phone.evaluate(align) in {"start", "left"}
    desktop = open_page(PUBLIC_PAGES["article"])
    assert desktop.evaluate(align) == "justify"


def test_search_dates_are_typed_day_first(open_page: Callable[..., Page]) -> None:
    """In an English browser too: no mm/dd/yyyy date picker, the form takes what people type."""
    page = open_page("/tim-kiem/?q=h%E1%BA%A3i+ph%C3%B2ng")
    for field in ("#id_tu", "#id_den"):
        assert page.get_attribute(field, "type") == "text"
        assert page.get_attribute(field, "placeholder") == "dd/mm/yyyy"
    page.fill("#id_tu", "1/1/2020")
    page.fill("#id_den", "31.12.2030")
    page.get_by_role("search", name="Tìm trong cổng").get_by_role("button", name="Tìm").click()
    assert page.input_value("#id_tu") == "1/1/2020"  # kept as typed
    assert page.locator(".filter-error").count() == 0
    assert "Tìm thấy" in page.inner_text(".search-count")
    page.fill("#id_den", "12/31/2030")  # month first: refused with a Vietnamese message
    page.get_by_role("search", name="Tìm trong cổng").get_by_role("button", name="Tìm").click()
    assert "ngày/tháng/năm" in page.inner_text(".filter-error")
