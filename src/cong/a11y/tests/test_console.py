"""No public page logs anything to the browser console at error level.

Lighthouse's "Browser errors were logged to the console" found one on the search page (issue #17):
the visitor counter's beacon asked the server to count /tim-kiem/, which is no page, and the server's
404 (stats: ``not-a-page``) is logged by Chromium as "Failed to load resource". Headless Chromium's own
User-Agent is taken for a bot and never counted, which hid it; this test browses as a phone's Chrome
does (Lighthouse's mobile User-Agent) and listens for console errors, uncaught exceptions, failed
requests and HTTP errors on every public page type, CSP violations included.
"""

from __future__ import annotations

import re
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Browser

from cong.a11y.server import ExistingServer, PortalServer

from .conftest import MOBILE
from .test_page_quality import ORGANISATION_PAGES

pytestmark = pytest.mark.browser

PHONE_CHROME = (
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)
# Listing page -> pattern of the first detail link on it (pages that exist only with demo content).
DETAILS = {
    "question": ("/hoi-dap/", r'href="(/hoi-dap/[A-Z0-9-]+/)"'),
    "consultation": ("/lay-y-kien/", r'href="(/lay-y-kien/[a-z0-9-]+/)"'),
    "poll": ("/tham-do/", r'href="(/tham-do/[a-z0-9-]+/)"'),
    "author": (
        "/thoi-su/doan-cong-tac-cua-ban-tuyen-giao-trung-uong-lam-viec-voi-thanh-pho-hai-phong/",
        r'href="(/tac-gia/[a-z0-9-]+/)"',
    ),
}
EXTRA_PAGES = {
    "qa": "/hoi-dap/",
    "ask": "/hoi-dap/gui-cau-hoi/",
    "consultations": "/lay-y-kien/",
    "polls": "/tham-do/",
    "rating": "/danh-gia/",
    "search-unaccented": "/tim-kiem/?q=hai+phong",
    **ORGANISATION_PAGES,
}


def _first_link(base_url: str, listing: str, pattern: str) -> str | None:
    with urllib.request.urlopen(base_url + listing, timeout=30) as response:
        found = re.search(pattern, response.read().decode())
    return found.group(1) if found else None


@pytest.fixture(scope="module")
def every_page(portal: PortalServer | ExistingServer, page_paths: dict[str, str]) -> dict[str, str]:
    """The browser suite's public pages (less the deliberate 404) plus participation and author pages."""
    pages = {name: path for name, path in page_paths.items() if name != "404"} | EXTRA_PAGES
    for name, (listing, pattern) in DETAILS.items():
        path = _first_link(portal.base_url, listing, pattern)
        assert path, f"{listing} links to no {name} page"
        pages[name] = path
    return pages


def console_problems(browser: Browser, base_url: str, path: str) -> list[str]:
    context = browser.new_context(
        base_url=base_url, viewport=MOBILE, user_agent=PHONE_CHROME, is_mobile=True, locale="vi-VN"
    )
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda error: problems.append(f"exception: {error}"))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
        page.on(
            "response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
        )
        page.goto(path, wait_until="networkidle")
        page.wait_for_timeout(500)  # the counter's beacon leaves after the load; let it come back
    finally:
        context.close()
    return problems


def test_no_public_page_logs_a_console_error(
    browser: Browser, portal: PortalServer | ExistingServer, every_page: dict[str, str]
) -> None:
    found: dict[str, Any] = {}
    for name, path in every_page.items():
        problems = console_problems(browser, portal.base_url, path)
        if problems:
            found[f"{name} {path}"] = problems
    assert not found, found
