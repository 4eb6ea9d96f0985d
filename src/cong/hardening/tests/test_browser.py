"""In Debian's Chromium: public pages and the Wagtail admin editor run under their policies without a
single Content-Security-Policy violation (a real ``cong serve`` with the demo content)."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page

from cong.a11y.server import PortalServer
from cong.a11y.tests.conftest import PUBLIC_PAGES

pytestmark = pytest.mark.browser

RECORD = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


def watched_page(browser: Browser, portal: PortalServer) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=portal.base_url, locale="vi-VN")
    context.add_init_script(RECORD)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    return page, console


def violations(page: Page, console: list[str]) -> list[str]:
    page.wait_for_timeout(300)
    found: list[str] = page.evaluate("window.__cspViolations || []")
    return found + [line for line in console if "Content Security Policy" in line]


def test_public_pages_run_without_violations(browser: Browser, portal: PortalServer) -> None:
    page, console = watched_page(browser, portal)
    for name, path in PUBLIC_PAGES.items():
        if not path:
            continue
        response = page.goto(path)
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in policy, name
        assert not violations(page, console), (name, violations(page, console))


def test_admin_editor_loads_without_violations(browser: Browser, portal: PortalServer) -> None:
    page, console = watched_page(browser, portal)
    page.goto("/admin/login/")
    page.fill("#id_username", portal.admin_username)
    page.fill("#id_password", portal.admin_password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/xac-thuc/**")  # the second factor (cong.accounts)
    page.fill("#id_token", f"{totp(bytes.fromhex(portal.admin_totp_key)):06d}")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    assert not violations(page, console), violations(page, console)
    page.goto("/admin/pages/search/?q=" + "Ban Tuyên giáo Trung ương")
    edit = page.locator("a[href$='/edit/']", has_text="Đoàn công tác của Ban Tuyên giáo").first
    page.goto(edit.get_attribute("href") or "")
    page.locator('.Draftail-Editor [role="textbox"]').first.wait_for()
    assert not violations(page, console), violations(page, console)
    for path in ("/admin/", "/admin/images/", "/admin/documents/", "/admin/thong-ke/"):
        page.goto(path)
        assert not violations(page, console), (path, violations(page, console))
