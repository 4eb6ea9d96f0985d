"""axe-core on every organisation page type at 1280 px and on a 375 px phone: no WCAG A/AA violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from cong.a11y.tests.conftest import VIEWPORTS, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


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
