"""axe-core on every organisation page type at 1280 px and on a 375 px phone: no WCAG A/AA violation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from cong.a11y.server import PortalServer, chromium, running_portal
from cong.a11y.tests.conftest import VIEWPORTS, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


# Module-scoped (as in the other apps' browser tests): imported package-scoped fixtures outlived this
# module and left Playwright's event loop running under the next module's browser tests.
@pytest.fixture(scope="module")
def portal() -> Iterator[PortalServer]:
    with running_portal() as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def open_page(portal: PortalServer, browser: Browser) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def _open(path: str, viewport: dict[str, int]) -> Page:
        context = browser.new_context(base_url=portal.base_url, viewport=viewport, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield _open
    for context in contexts:
        context.close()


PAGES = {
    "introduction": "/gioi-thieu/",
    "organisation-chart": "/gioi-thieu/co-cau-to-chuc/",
    "unit": "/gioi-thieu/co-cau-to-chuc/don-vi/so-mau-1/",
    "person": "/gioi-thieu/co-cau-to-chuc/can-bo/lanh-dao-mau-1/",
    "directory": "/gioi-thieu/danh-ba/?q=so+mau",
    "schedule": "/lich-cong-tac/",
    "schedule-print": "/lich-cong-tac/in/",
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_organisation_page_has_no_wcag_violation(
    open_page: Callable[..., Page],
    name: str,
    viewport: str,
) -> None:
    page = open_page(PAGES[name], viewport=VIEWPORTS[viewport])
    assert page.locator("h1").count() == 1
    screenshot(page, f"{name}-{viewport}")
    violations = axe_violations(page)
    assert not violations, describe(violations)
