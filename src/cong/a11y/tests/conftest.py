"""Fixtures for the browser suite: one real portal server and one headless Debian Chromium per run.

Both are package-scoped: they start before the first browser test and stop after the last one, so the
rest of the test suite never runs next to Playwright's event loop.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from cong.a11y.server import ExistingServer, PortalServer, chromium, running_portal

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEED_URL = "/thoi-su/doan-cong-tac-cua-ban-tuyen-giao-trung-uong-lam-viec-voi-thanh-pho-hai-phong/"
# Every public page type, by a name used in test ids and screenshot file names. "document" is the first
# legal document linked from the list, found when the server runs (see the page_paths fixture).
PUBLIC_PAGES = {
    "home": "/",
    "category": "/kinh-te/",
    "article": SEED_URL,
    "print": SEED_URL + "in/",
    "search": "/tim-kiem/?q=" + quote("Hải Phòng"),
    "documents": "/van-ban/",
    "document": "",
    "stats": "/thong-ke/",
    "stats-privacy": "/thong-ke/quyen-rieng-tu/",
    "shared": "/tin-cong-thanh-phan/",
    "404": "/trang-khong-ton-tai/",
}
READER_KEY = "cong.reader"
REPO_ROOT = Path(__file__).resolve().parents[4]
SCREENSHOT_DIR = Path(os.environ.get("CONG_SCREENSHOT_DIR") or REPO_ROOT / "var" / "screenshots")

_axe = Axe()


@pytest.fixture(scope="package")
def portal() -> Iterator[PortalServer | ExistingServer]:
    if os.environ.get("CONG_BROWSER_URL"):
        yield ExistingServer(os.environ["CONG_BROWSER_URL"])
        return
    with running_portal() as server:
        yield server


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="package")
def page_paths(portal: PortalServer | ExistingServer) -> dict[str, str]:
    """PUBLIC_PAGES with the document detail page resolved from the document list."""
    with urllib.request.urlopen(portal.base_url + PUBLIC_PAGES["documents"], timeout=30) as response:
        listing = response.read().decode()
    found = re.search(r'href="(/van-ban/[^"/?#]+/)"', listing)
    assert found, "the document list links to no document"
    return {**PUBLIC_PAGES, "document": found.group(1)}


@pytest.fixture
def open_page(portal: PortalServer | ExistingServer, browser: Browser) -> Iterator[Callable[..., Page]]:
    """open_page(path, viewport=DESKTOP, reader=None, js=True) -> a Page loaded from the portal.

    ``reader`` presets the visitor's stored reader settings (e.g. {"size": 2, "contrast": True}) in
    localStorage before any script runs, as a returning visitor would have them.
    """
    contexts: list[BrowserContext] = []

    def _open(
        path: str, viewport: dict[str, int] = DESKTOP, reader: dict[str, Any] | None = None, js: bool = True
    ) -> Page:
        context = browser.new_context(
            base_url=portal.base_url, viewport=viewport, locale="vi-VN", java_script_enabled=js
        )
        contexts.append(context)
        if reader is not None:
            context.add_init_script(f"localStorage.setItem({READER_KEY!r}, {json.dumps(json.dumps(reader))})")
        page = context.new_page()
        page.goto(path)
        return page

    yield _open
    for context in contexts:
        context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1]}"
            )
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
