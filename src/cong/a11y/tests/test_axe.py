"""axe-core on every public page type, at desktop width and on a 375×812 phone: no WCAG A/AA violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .conftest import PUBLIC_PAGES, VIEWPORTS, axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violation(
    open_page: Callable[..., Page], page_paths: dict[str, str], name: str, viewport: str
) -> None:
    page = open_page(page_paths[name], viewport=VIEWPORTS[viewport])
    assert page.locator("h1").count() == 1, "every page has exactly one main heading"
    screenshot(page, f"{name}-{viewport}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


# The print view has no reader controls. On a phone every page; at desktop width two samples.
READER_CASES = [(name, "mobile") for name in PUBLIC_PAGES if name != "print"]
READER_CASES += [("home", "desktop"), ("article", "desktop")]


@pytest.mark.parametrize(("name", "viewport"), READER_CASES)
def test_reader_modes_have_no_wcag_violation(
    open_page: Callable[..., Page], page_paths: dict[str, str], name: str, viewport: str
) -> None:
    """High contrast with the largest text size, as a returning visitor who chose them sees the page."""
    page = open_page(page_paths[name], viewport=VIEWPORTS[viewport], reader={"size": 2, "contrast": True})
    assert page.evaluate("document.documentElement.classList.contains('hc')")
    screenshot(page, f"{name}-{viewport}-contrast")
    violations = axe_violations(page)
    assert not violations, describe(violations)
