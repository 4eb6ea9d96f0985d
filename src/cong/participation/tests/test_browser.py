"""The public pages of Hỏi đáp in real Chromium against a real demo server: axe finds no WCAG 2.1 A/AA
violation at desktop and phone width, and the question form can be completed with the keyboard alone
(including the proof-of-work widget)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cong.a11y.tests.conftest import VIEWPORTS, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


def first_answered(page: Page) -> str:
    link = page.locator(".qa-list a").first
    href = link.get_attribute("href")
    assert href and re.match(r"^/hoi-dap/HD-\d{4}-\d{5}/$", href)
    return href


def tab_to(page: Page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def fill_with_keyboard(page: Page) -> None:
    """Complete the question form with the keyboard only; returns on the status page."""
    tab_to(page, "id_field")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Hỏi về thủ tục thuê đất ở khu công nghiệp")
    page.keyboard.press("Tab")
    page.keyboard.type("Xin hướng dẫn hồ sơ thuê đất để mở xưởng.")
    tab_to(page, "id_name")
    page.keyboard.type("Lê Văn Cường")
    page.keyboard.press("Tab")
    page.keyboard.type("cuong@example.com")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    # The proof-of-work widget: its checkbox is the next control; Space starts the work.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('altcha-widget') !== null"), "widget not focusable"
    page.keyboard.press("Space")
    solved(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def solved(page: Page) -> None:
    """Wait for the proof of work (a locator, not wait_for_function: the strict CSP forbids eval)."""
    expect(page.locator("altcha-widget input[name=altcha]")).to_have_value(
        re.compile(r".{21,}"), timeout=60_000
    )


def test_question_form_with_keyboard_only_and_status_page(open_page: Callable[..., Page]) -> None:
    page = open_page("/hoi-dap/gui-cau-hoi/")
    fill_with_keyboard(page)
    assert re.search(r"/hoi-dap/theo-doi/[^/]+/\?moi=1$", page.url), page.url
    text = page.locator("main").inner_text()
    assert re.search(r"HD-\d{4}-\d{5}", text) and "Đã tiếp nhận" in text
    assert "cuong@example.com" not in page.content()
    for viewport in VIEWPORTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        screenshot(page, f"hoi-dap-status-{viewport}")
        violations = axe_violations(page)
        assert not violations, describe(violations)


def test_form_errors_are_announced_and_linked(open_page: Callable[..., Page]) -> None:
    page = open_page("/hoi-dap/gui-cau-hoi/")
    page.evaluate("document.querySelector('form.qa-form').noValidate = true")
    with page.expect_navigation():
        page.locator("form.qa-form button[type=submit]").click()
    summary = page.locator("#qa-errors")
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("a").count() >= 4
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_have_no_wcag_violation(open_page: Callable[..., Page], viewport: str) -> None:
    """Every new public page (Hỏi đáp, rating, polls, consultation) at both widths; the status page is
    checked at both widths in the keyboard test."""
    archive = open_page("/hoi-dap/", viewport)
    detail = first_answered(archive)
    pages = {
        "archive": "/hoi-dap/",
        "search": "/hoi-dap/?q=thue+dat",
        "form": "/hoi-dap/gui-cau-hoi/",
        "answer": detail,
        "rating": "/danh-gia/",
        "rating-thanks": "/danh-gia/cam-on/",
        "polls": "/tham-do/",
        "poll": "/tham-do/dich-vu-truc-tuyen/",
        "consultations": "/lay-y-kien/",
        "consultation": "/lay-y-kien/du-thao-quy-che-hoi-dap-mau/",
    }
    for name, path in pages.items():
        page = open_page(path, viewport)
        assert page.locator("h1").count() == 1, name
        screenshot(page, f"hoi-dap-{name}-{viewport}")
        violations = axe_violations(page)
        assert not violations, f"{name}: {describe(violations)}"
    assert "thuê đất" in open_page("/hoi-dap/?q=thue+dat", viewport).locator("main").inner_text().lower()


def test_poll_vote_with_keyboard(open_page: Callable[..., Page]) -> None:
    """Choose with the keyboard, solve the proof of work, vote; the results show the vote."""
    page = open_page("/tham-do/dich-vu-truc-tuyen/")
    tab_to(page, "id_choices_1")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('altcha-widget') !== null")
    page.keyboard.press("Space")
    solved(page)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "da-binh-chon=1" in page.url
    assert "Cảm ơn bạn đã tham gia thăm dò" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_sample_consultation_is_marked_and_commentable(open_page: Callable[..., Page]) -> None:
    page = open_page("/lay-y-kien/du-thao-quy-che-hoi-dap-mau/")
    assert page.locator(".sample-badge").first.inner_text() == "Dữ liệu mẫu"
    page.select_option("#id_part", label="Điều 3. Thời hạn trả lời")
    page.fill("#id_text", "Đề nghị rút thời hạn xuống 10 ngày.")
    page.locator("altcha-widget input[type=checkbox]").focus()
    page.keyboard.press("Space")
    solved(page)
    with page.expect_navigation():
        page.locator("form.pp-form button[type=submit]").click()
    assert "da-gop-y=1" in page.url
    assert "sẽ được đăng sau khi" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_rating_with_keyboard(open_page: Callable[..., Page]) -> None:
    """Rate the portal on the four criteria with the keyboard alone; the thanks page follows."""
    page = open_page("/danh-gia/")
    for criterion in ("interface", "content", "quality", "support"):
        tab_to(page, f"id_{criterion}_0")
        for _ in range(3):  # arrows move within the radio group: the fourth level, "Tốt"
            page.keyboard.press("ArrowRight")
    tab_to(page, "id_comment")
    page.keyboard.type("Trang dễ tìm thông tin.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('altcha-widget') !== null")
    page.keyboard.press("Space")
    solved(page)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/danh-gia/cam-on/"), page.url
    assert "Cảm ơn bạn đã đánh giá" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert not violations, describe(violations)
