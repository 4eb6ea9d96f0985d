"""Reader controls: text size A−/A/A+ and high contrast, remembered in localStorage, never in a cookie."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .conftest import PUBLIC_PAGES, READER_KEY

pytestmark = pytest.mark.browser

ROOT_FONT_PX = "parseFloat(getComputedStyle(document.documentElement).fontSize)"


def stored(page: Page) -> dict[str, object] | None:
    raw = page.evaluate(f"localStorage.getItem({READER_KEY!r})")
    return None if raw is None else json.loads(raw)


def test_text_size_and_contrast_are_remembered_without_cookies(open_page: Callable[..., Page]) -> None:
    page = open_page(PUBLIC_PAGES["article"])
    cookies_before = page.context.cookies()
    bigger = page.get_by_role("button", name="A+ (tăng cỡ chữ)")
    smaller = page.get_by_role("button", name="A− (giảm cỡ chữ)")
    default = page.get_by_role("button", name="A (cỡ chữ mặc định)")
    contrast = page.get_by_role("button", name="Tương phản cao")
    status = page.get_by_role("status")
    base = page.evaluate(ROOT_FONT_PX)
    assert base == 16

    bigger.click()
    assert page.evaluate(ROOT_FONT_PX) == 18
    assert status.inner_text() == "Cỡ chữ: lớn"
    bigger.click()
    assert page.evaluate(ROOT_FONT_PX) == 20
    assert bigger.get_attribute("aria-disabled") == "true"
    bigger.click(force=True)  # at the largest size: nothing changes
    assert page.evaluate(ROOT_FONT_PX) == 20
    assert stored(page) == {"size": 2, "contrast": False}

    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert status.inner_text() == "Đã bật chế độ tương phản cao"
    assert stored(page) == {"size": 2, "contrast": True}

    # Another page of the same portal, as a returning visitor: both choices are applied.
    page.goto(PUBLIC_PAGES["category"])
    assert page.evaluate(ROOT_FONT_PX) == 20
    assert page.evaluate("document.documentElement.classList.contains('hc')")
    assert page.get_by_role("button", name="Tương phản cao").get_attribute("aria-pressed") == "true"

    smaller = page.get_by_role("button", name="A− (giảm cỡ chữ)")
    default = page.get_by_role("button", name="A (cỡ chữ mặc định)")
    default.click()
    assert page.evaluate(ROOT_FONT_PX) == base
    smaller.click()
    assert page.evaluate(ROOT_FONT_PX) == 15
    assert smaller.get_attribute("aria-disabled") == "true"
    page.get_by_role("button", name="Tương phản cao").click()
    assert not page.evaluate("document.documentElement.classList.contains('hc')")
    assert stored(page) == {"size": -1, "contrast": False}
    default.click()
    assert stored(page) is None, "back to the defaults, nothing is kept"

    assert page.context.cookies() == cookies_before, "the reader controls never set a cookie"
    assert "cong" not in page.evaluate("document.cookie")


def test_reader_controls_work_from_the_keyboard(open_page: Callable[..., Page]) -> None:
    page = open_page(PUBLIC_PAGES["home"])
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # language switch (the current language is not a link)
    assert page.evaluate("document.activeElement.textContent") == "English"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "A− (giảm cỡ chữ)"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.evaluate(ROOT_FONT_PX) == 20
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('hc')")


def test_stored_garbage_is_ignored(open_page: Callable[..., Page]) -> None:
    page = open_page(PUBLIC_PAGES["home"], reader={"size": "999", "contrast": "yes"})
    assert page.evaluate(ROOT_FONT_PX) == 20, "an out-of-range size is clamped to the largest"
    assert not page.evaluate("document.documentElement.classList.contains('hc')")


def test_without_javascript_the_controls_are_hidden_and_the_page_works(
    open_page: Callable[..., Page],
) -> None:
    page = open_page(PUBLIC_PAGES["article"], js=False)
    assert not page.locator("[data-reader-tools]").is_visible()
    assert page.locator("h1").is_visible()
    assert page.get_by_role("link", name="In bài").is_visible()
