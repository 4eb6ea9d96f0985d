"""English pages and the language switch in a real browser; the main menu's drop-down by keyboard, on a
phone and without JavaScript (docs/i18n.md)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .conftest import SEED_URL, VIEWPORTS, axe_violations, describe, screenshot
from .test_keyboard import active, tab_until

pytestmark = pytest.mark.browser

EN_ARTICLE = "/en/news/central-propaganda-commission-delegation-works-with-hai-phong-city/"
NEWS = "Tin tức – Sự kiện"
ENGLISH_PAGES = {
    "en-home": "/en/",
    "en-article": EN_ARTICLE,
    "en-procedures": "/en/thu-tuc-hanh-chinh/",
    # cong.organisation's page types, translated by the demo.
    "en-introduction": "/en/about/",
    "en-organisation": "/en/about/organisation/",
    "en-directory": "/en/about/contacts/",
    "en-schedule": "/en/work-schedule/",
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_english_page_has_no_wcag_violation(open_page: Callable[..., Page], name: str, viewport: str) -> None:
    page = open_page(ENGLISH_PAGES[name], viewport=VIEWPORTS[viewport])
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").count() == 1
    screenshot(page, f"{name}-{viewport}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_procedures_page_has_no_wcag_violation(open_page: Callable[..., Page], viewport: str) -> None:
    page = open_page("/thu-tuc-hanh-chinh/", viewport=VIEWPORTS[viewport])
    screenshot(page, f"procedures-{viewport}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_language_switch_goes_to_the_translation_and_back(open_page: Callable[..., Page]) -> None:
    page = open_page(SEED_URL)
    page.locator(".language-switch").get_by_role("link", name="English").click()
    page.wait_for_url("**" + EN_ARTICLE)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".language-switch").get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url("**" + SEED_URL)
    assert page.evaluate("document.documentElement.lang") == "vi"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_menu_drop_down_by_keyboard(open_page: Callable[..., Page], viewport: str) -> None:
    page = open_page("/", viewport=VIEWPORTS[viewport])
    summary = tab_until(page, lambda info: info["tag"] == "SUMMARY" and info["text"] == NEWS)
    details = page.locator(".main-nav details", has=page.locator("summary", has_text=NEWS))
    assert details.get_attribute("open") is None
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    link = tab_until(page, lambda info: info["tag"] == "A")
    assert link["text"] == "Thời sự" and link["y"] > summary["y"], "the drop-down's first entry is next"
    page.keyboard.press("Shift+Tab")
    assert active(page)["tag"] == "SUMMARY"
    page.keyboard.press("Space")
    assert details.get_attribute("open") is None
    screenshot(page, f"menu-keyboard-{viewport}")


def test_menu_drop_down_without_javascript(open_page: Callable[..., Page]) -> None:
    page = open_page("/", viewport=VIEWPORTS["mobile"], js=False)
    page.locator(".main-nav summary", has_text=NEWS).click()
    entry = page.locator(".main-nav .submenu a", has_text="Kinh tế")
    assert entry.is_visible()
    entry.click()
    page.wait_for_url("**/kinh-te/")
