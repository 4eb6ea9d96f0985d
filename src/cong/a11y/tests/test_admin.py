"""The editors' side: admin login by keyboard and the page editor, under axe at both widths."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page

from cong.a11y.server import ExistingServer, PortalServer

from .conftest import VIEWPORTS, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


def log_in_by_keyboard(page: Page, portal: PortalServer | ExistingServer) -> None:
    page.goto("/admin/login/")
    page.locator("#id_username").focus()
    page.keyboard.type(portal.admin_username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(portal.admin_password)
    page.keyboard.press("Enter")
    # Second factor (cong.accounts): the code field has the focus.
    page.wait_for_url("**/admin/xac-thuc/**")
    assert page.evaluate("document.activeElement.id") == "id_token"
    check_both_widths(page, "admin-2fa")
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.locator("#id_token").focus()
    page.keyboard.type(f"{totp(bytes.fromhex(portal.admin_totp_key)):06d}")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")


def check_both_widths(page: Page, name: str) -> None:
    """axe at desktop width, then on a phone (the same page, resized), with a screenshot of each."""
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.wait_for_timeout(200)
        screenshot(page, f"{name}-{viewport}")
        violations = axe_violations(page)
        assert not violations, f"{viewport}:\n{describe(violations)}"


def test_admin_login_and_page_editor(
    open_page: Callable[..., Page], portal: PortalServer | ExistingServer
) -> None:
    if not portal.admin_password:
        pytest.fail("CONG_BROWSER_URL is set: give CONG_BROWSER_ADMIN=username:password for the admin tests")
    page = open_page("/admin/login/")
    check_both_widths(page, "admin-login")

    page.set_viewport_size(VIEWPORTS["desktop"])
    log_in_by_keyboard(page, portal)
    page.goto("/admin/pages/search/?q=" + "Ban Tuyên giáo Trung ương")
    edit = page.locator("a[href$='/edit/']", has_text="Đoàn công tác của Ban Tuyên giáo").first
    page.goto(edit.get_attribute("href") or "")
    assert page.locator("#id_title").input_value().startswith("Đoàn công tác của Ban Tuyên giáo")
    # Every rich text editor of the StreamField body is up and has its accessible name.
    textboxes = page.locator('.Draftail-Editor [role="textbox"]')
    textboxes.first.wait_for()
    page.wait_for_function(
        "[...document.querySelectorAll('.Draftail-Editor [role=textbox]')]"
        ".every(t => t.getAttribute('aria-labelledby'))"
    )
    assert textboxes.count() >= 3
    check_both_widths(page, "admin-editor")
