"""Largest contentful paint on a slow phone: ≤ 1.2 s on home, article, category, search and documents.

Issue #17 measured LCP with Lighthouse 13 (mobile, simulated throttling). Without Lighthouse, the same
conditions are applied to Debian's Chromium through the DevTools protocol: CPU slowed 4×
(``Emulation.setCPUThrottlingRate``) and the network of Lighthouse's mobile preset (150 ms round trip,
1.6 Mbit/s down, 750 kbit/s up, ``Network.emulateNetworkConditions``), a 412×823 phone screen at
1.75 device pixels; LCP is read in the page with ``PerformanceObserver('largest-contentful-paint')``.
Cold cache on every load; the best of five loads counts (the machine may be busy). Every run is written
to var/screenshots/lcp.json. Method and figures: docs/accessibility.md.

A second test checks what made the home and category pages slow: when the largest paint is an image,
it must not be lazy-loaded and must be fetched with high priority.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import pytest
from playwright.sync_api import Browser

from cong.a11y.server import ExistingServer, PortalServer

from .conftest import SCREENSHOT_DIR
from .test_speed import OBSERVE

pytestmark = pytest.mark.browser

# The target; CONG_LCP_BUDGET_MS raises it on a machine known to be overloaded (say so in the log).
LCP_MS = int(os.environ.get("CONG_LCP_BUDGET_MS", "1200"))
RUNS = 5
PHONE = {"width": 412, "height": 823}
CPU_SLOWDOWN = 4
NETWORK = {
    "offline": False,
    "latency": 150,  # ms round trip
    "downloadThroughput": 1.6e6 / 8,  # bytes/s
    "uploadThroughput": 750e3 / 8,
}
PAGES = ("home", "article", "category", "search", "documents")
# The attributes of the latest largest-paint image (LCP entries are only given to observers).
LCP_IMAGE = """
window.__lcpImage = null;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    window.__lcpImage = e.element && e.element.tagName === 'IMG' ? {
      loading: e.element.getAttribute('loading'), fetchpriority: e.element.getAttribute('fetchpriority'), src: e.url
    } : null;
  }
}).observe({type: 'largest-contentful-paint', buffered: true});
"""


def load(browser: Browser, base_url: str, path: str) -> dict[str, Any]:
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, device_scale_factor=1.75, is_mobile=True, locale="vi-VN"
    )
    try:
        context.add_init_script(OBSERVE)
        context.add_init_script(LCP_IMAGE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(path, wait_until="load")
        page.wait_for_timeout(800)  # later, larger paints still count
        vitals = page.evaluate("window.__vitals")
        return {
            "fcp": vitals["fcp"],
            "lcp": vitals["lcp"],
            "element": vitals["lcpElement"],
            "image": page.evaluate("window.__lcpImage"),
        }
    finally:
        context.close()


@pytest.fixture(scope="module")
def lcp_runs(
    browser: Browser, portal: PortalServer | ExistingServer, page_paths: dict[str, str]
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name in PAGES:
        runs = []
        for _ in range(RUNS):
            runs.append(load(browser, portal.base_url, page_paths[name]))
            time.sleep(0.2)
        results[name] = {"path": page_paths[name], "best_lcp": min(run["lcp"] for run in runs), "runs": runs}
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    report = {"cpu_slowdown": CPU_SLOWDOWN, "network": NETWORK, "viewport": PHONE, "pages": results}
    (SCREENSHOT_DIR / "lcp.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    summary = {name: round(result["best_lcp"]) for name, result in results.items()}
    print(f"\nLCP best of {RUNS}, phone, CPU {CPU_SLOWDOWN}x, 150 ms RTT, 1.6 Mbit/s: {summary}")
    return results


def test_largest_paint_image_is_fetched_early(lcp_runs: dict[str, Any]) -> None:
    late = {
        name: run["image"]
        for name, result in lcp_runs.items()
        for run in result["runs"]
        if run["image"] and (run["image"]["loading"] == "lazy" or run["image"]["fetchpriority"] != "high")
    }
    assert not late, f"the largest paint is a lazy or low-priority image: {late}"


@pytest.mark.parametrize("name", PAGES)
def test_largest_contentful_paint_on_a_slow_phone(lcp_runs: dict[str, Any], name: str) -> None:
    result = lcp_runs[name]
    assert all(run["lcp"] for run in result["runs"]), result
    assert result["best_lcp"] <= LCP_MS, result
