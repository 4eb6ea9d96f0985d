"""Speed in the browser: the article page on localhost with the CPU slowed down 4×.

Targets (issue #8): first contentful paint < 1.5 s, largest contentful paint < 2.5 s, cumulative layout
shift < 0.1. Each load is cold (a new browser context, empty cache). The machine running the suite may be
busy, so the page is loaded three times and the best figure of each metric counts; every run is written
to var/screenshots/speed.json.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import Browser

from cong.a11y.server import ExistingServer, PortalServer

from .conftest import DESKTOP, MOBILE, PUBLIC_PAGES, SCREENSHOT_DIR

pytestmark = pytest.mark.browser

CPU_SLOWDOWN = 4
RUNS = 3
FCP_MS, LCP_MS, CLS = 1500, 2500, 0.1

OBSERVE = """
window.__vitals = {fcp: null, lcp: null, cls: 0, lcpElement: null};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__vitals.fcp = e.startTime;
}).observe({type: 'paint', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    window.__vitals.lcp = e.startTime;
    window.__vitals.lcpElement = e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + e.element.className : '') : e.url;
  }
}).observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value;
}).observe({type: 'layout-shift', buffered: true});
"""
# Scroll to the end in steps (lazy images load, late shifts count), then read the figures.
SCROLL_AND_READ = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 60));
  }
  await new Promise(r => setTimeout(r, 300));
  return window.__vitals;
}"""


def measure(browser: Browser, base_url: str, path: str, viewport: dict[str, int]) -> dict[str, Any]:
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="vi-VN")
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(path, wait_until="load")
        page.wait_for_timeout(500)  # let the largest paint settle
        vitals = page.evaluate(SCROLL_AND_READ)
        navigation = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {ttfb: n.responseStart, load: n.loadEventEnd}; })()"
        )
        return {**vitals, **navigation}
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_article_page_paints_fast_with_a_slow_cpu(
    browser: Browser, portal: PortalServer | ExistingServer, viewport: str
) -> None:
    size = DESKTOP if viewport == "desktop" else MOBILE
    runs = []
    for _ in range(RUNS):
        runs.append(measure(browser, portal.base_url, PUBLIC_PAGES["article"], size))
        time.sleep(0.2)
    best = {key: min(run[key] for run in runs) for key in ("fcp", "lcp", "cls", "ttfb", "load")}
    report = {
        "page": PUBLIC_PAGES["article"],
        "viewport": size,
        "cpu_slowdown": CPU_SLOWDOWN,
        "best": {k: round(v, 3 if k == "cls" else 0) for k, v in best.items()},
        "runs": runs,
    }
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    results = SCREENSHOT_DIR / "speed.json"
    existing = json.loads(results.read_text()) if results.exists() else {}
    existing[viewport] = report
    results.write_text(json.dumps(existing, ensure_ascii=False, indent=2))
    print(f"\narticle page, {viewport}, CPU {CPU_SLOWDOWN}x slower, best of {RUNS}: {report['best']}")
    assert all(run["fcp"] and run["lcp"] for run in runs), runs
    assert best["fcp"] < FCP_MS, report
    assert best["lcp"] < LCP_MS, report
    assert best["cls"] < CLS, report
