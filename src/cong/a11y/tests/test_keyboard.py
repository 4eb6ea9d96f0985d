"""Keyboard only, no mouse: skip link, a visible focus ring on every stop, menu, search, open and read."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, text: (e.innerText || e.value || '').trim(), href: e.getAttribute('href'),
          inMain: !!e.closest('main'), x: r.x, y: r.y, w: r.width, h: r.height,
          vw: window.innerWidth, vh: window.innerHeight};
}"""


# Resolves with window.scrollY once it has not changed for five animation frames.
SETTLED = """() => new Promise(resolve => {
  let last = -1, same = 0;
  const tick = () => {
    const y = window.scrollY;
    same = y === last ? same + 1 : 0;
    last = y;
    if (same >= 5) resolve(y); else requestAnimationFrame(tick);
  };
  tick();
})"""
BOTTOM = "document.documentElement.scrollHeight - window.innerHeight"


def scroll_with(page: Page, key: str) -> float:
    page.keyboard.press(key)
    return page.evaluate(SETTLED)


def active(page: Page) -> dict[str, Any]:
    return page.evaluate(ACTIVE)


def changed_pixels(before: bytes, after: bytes) -> int:
    """How many pixels differ clearly between two screenshots of the same area."""
    a = Image.open(io.BytesIO(before)).convert("RGB")
    b = Image.open(io.BytesIO(after)).convert("RGB")
    return sum(1 for pixel in ImageChops.difference(a, b).convert("L").getdata() if pixel > 40)


def assert_focus_visible(page: Page) -> dict[str, Any]:
    """The focused element is on screen and its focus indicator changes at least its outline in pixels.

    The same screen area is captured with and without focus; afterwards focus returns to the element
    by keyboard (Tab, Shift+Tab from the sequential focus starting point).
    """
    info = active(page)
    assert info["tag"] != "BODY", "focus was lost"
    assert info["w"] > 0 and info["h"] > 0, f"focused element is not rendered: {info}"
    assert info["x"] >= 0 and info["y"] >= 0, f"focused element is off screen: {info}"
    assert info["x"] + info["w"] <= info["vw"] + 1 and info["y"] + info["h"] <= info["vh"] + 1, info
    pad = 8
    left, top = max(0, info["x"] - pad), max(0, info["y"] - pad)
    clip = {
        "x": left,
        "y": top,
        "width": min(info["vw"], info["x"] + info["w"] + pad) - left,
        "height": min(info["vh"], info["y"] + info["h"] + pad) - top,
    }
    focused = page.screenshot(clip=clip)  # clip is in viewport coordinates
    page.evaluate("document.activeElement.blur()")
    plain = page.screenshot(clip=clip)
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert active(page)["text"] == info["text"], "keyboard focus did not return to the element"
    perimeter = 2 * (info["w"] + info["h"])
    assert changed_pixels(plain, focused) >= perimeter, f"no visible focus indicator on {info}"
    return info


def tab_until(page: Page, wanted: Callable[[dict[str, Any]], bool], limit: int = 40) -> dict[str, Any]:
    """Press Tab until the focused element matches, checking that every stop shows its focus."""
    previous: dict[str, Any] = {}
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = active(page)
        same = all(info[key] == previous.get(key) for key in ("tag", "id", "text", "x", "y"))
        if not same:
            # A date field's inner parts (day, month, year, calendar) are stops of one element: its
            # first stop is checked; later ones show the browser's own ring inside the field.
            info = assert_focus_visible(page)
        if wanted(info):
            return info
        previous = info
    raise AssertionError(f"not reached with {limit} presses of Tab")


def skip_to_main(page: Page) -> None:
    page.keyboard.press("Tab")
    info = assert_focus_visible(page)
    assert info["text"] == "Bỏ qua, đến nội dung chính", "the skip link is the first stop"
    page.keyboard.press("Enter")
    assert active(page)["id"] == "main"
    assert page.evaluate("location.hash") == "#main"


def test_keyboard_journey_menu_article_read_print_search(open_page: Callable[..., Page]) -> None:
    page = open_page("/")
    # Skip link first, then through the header to the main menu.
    skip_to_main(page)
    page.keyboard.press("Tab")
    assert active(page)["inMain"], "after the skip link, Tab continues inside the main content"

    page.goto("/")
    # The categories are in the main menu's "Tin tức – Sự kiện" drop-down (a <details> disclosure).
    tab_until(page, lambda info: info["tag"] == "SUMMARY" and info["text"] == "Tin tức – Sự kiện")
    page.keyboard.press("Enter")
    tab_until(page, lambda info: info["text"] == "Kinh tế" and info["href"] == "/kinh-te/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kinh-te/")

    # Category: skip to the list and open the first article.
    skip_to_main(page)
    link = tab_until(page, lambda info: info["inMain"] and info["tag"] == "A")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + link["href"])
    assert page.locator("h1").inner_text().strip() == link["text"]

    # Read it: page down to the end and back, all from the keyboard.
    skip_to_main(page)
    start = scroll_with(page, "Home")
    assert start == 0
    assert scroll_with(page, "PageDown") > start
    assert scroll_with(page, "End") >= page.evaluate(BOTTOM) - 2
    assert scroll_with(page, "Home") == 0

    # The print view is one link away.
    tab_until(page, lambda info: info["text"] == "In bài", limit=60)
    page.keyboard.press("Enter")
    page.wait_for_url("**/in/")
    assert page.locator("h1").inner_text().strip() == link["text"]
    tab_until(page, lambda info: info["text"] == "Quay lại bài viết")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + link["href"])

    # Search from the header and open the first result.
    tab_until(page, lambda info: info["tag"] == "INPUT" and info["id"] == "site-search")
    page.keyboard.type("Hải Phòng")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value is not None and navigation.value.status == 200
    assert "/tim-kiem/?q=H" in page.url
    skip_to_main(page)
    result = tab_until(
        page, lambda info: info["inMain"] and info["tag"] == "A" and "/tim-kiem/" not in info["href"]
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**" + result["href"])
    assert page.locator("h1").count() == 1
