"""The search box's suggestions in Chromium: keyboard only, screen reader announcements, axe at desktop
and phone width, and the plain form without JavaScript."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from cong.a11y.tests.conftest import VIEWPORTS, axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEARCH = "/tim-kiem/"


def wait_for(page: Page, script: str, timeout: float = 10) -> None:
    """Poll a page expression (wait_for_function with a string is blocked by the CSP)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(script):
            return
        time.sleep(0.05)
    raise AssertionError(f"never true: {script}")


def tab_to(page: Page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_keyboard_only_choose_a_suggestion(open_page: Callable[..., Page]) -> None:
    page = open_page(SEARCH)
    tab_to(page, "id_q")
    box = page.locator("#id_q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.type("hai pho", delay=30)
    wait_for(page, "document.querySelector('#id_q').getAttribute('aria-expanded') === 'true'")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.locator("[role=option]")
    assert options.count() >= 2
    assert "gợi ý" in page.locator(".suggest [role=status]").inner_text()  # announced politely
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "id_q"  # focus stays in the box
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    chosen = options.nth(0).inner_text()
    screenshot(page, "search-suggestions-desktop")
    for viewport in VIEWPORTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        violations = axe_violations(page)
        assert not violations, f"{viewport}: {describe(violations)}"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens again on the first suggestion
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == chosen


def test_enter_without_a_choice_submits_the_search(open_page: Callable[..., Page]) -> None:
    page = open_page(SEARCH)
    tab_to(page, "id_q")
    page.keyboard.type("hai phong", delay=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=hai+phong" in page.url
    assert page.locator(".search-result").count() > 0
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_without_javascript_the_plain_form_works(open_page: Callable[..., Page]) -> None:
    page = open_page(SEARCH, js=False)
    box = page.locator("#id_q")
    assert box.get_attribute("role") is None
    box.fill("hai phong")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator(".search-result").count() > 0
