"""End to end in headless Chromium against the real server (``./cong serve``, demo content): the beacon
counts a new visitor, the sidebar box and the article's "Lượt xem" show the server's numbers, and the
<noscript> pixel counts a reader without JavaScript."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from cong.a11y.server import PortalServer

pytestmark = pytest.mark.browser

SEED_URL = "/thoi-su/doan-cong-tac-cua-ban-tuyen-giao-trung-uong-lam-viec-voi-thanh-pho-hai-phong/"
LABELS = {
    "Đang online": "online",
    "Hôm nay": "today",
    "Trong tuần": "week",
    "Tháng này": "month",
    "Tất cả": "total",
}


def server_numbers(portal: PortalServer, path: str = SEED_URL) -> dict[str, int]:
    url = f"{portal.base_url}/stats/summary.json?p={quote(path)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def wait_until(check: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the server's numbers did not change in time")
        time.sleep(0.2)


def box_numbers(page: Page) -> dict[str, int]:
    page.wait_for_selector("[data-stats-box] dd", timeout=15000)
    terms = page.locator("[data-stats-box] dt").all_inner_texts()
    values = page.locator("[data-stats-box] dd").all_inner_texts()
    return {LABELS[t]: int(v.replace(".", "")) for t, v in zip(terms, values, strict=True)}


def visit(browser: Browser, portal: PortalServer, path: str, user_agent: str, js: bool = True) -> Any:
    context = browser.new_context(base_url=portal.base_url, user_agent=user_agent, java_script_enabled=js)
    page = context.new_page()
    page.goto(path)
    return context, page


FIRST_READER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36 A"


def user_agent_of_another_visitor(portal: PortalServer, taken: str, base: str) -> str:
    """A User-Agent that counts as another visitor than ``taken`` from this address today.

    Two User-Agents behind one address share one of the day's STATS_VISITORS_PER_ADDRESS buckets
    one time in eight (see counting.visitor_hash), so a fixed second User-Agent would make this test
    fail on one day in eight; the bucket is computed with the portal's own salt of the day."""
    code = (
        "from django.utils import timezone\n"
        "from wagtail.models import Site\n"
        "from cong.stats.backends import get_backend\n"
        "from cong.stats.counting import visitor_hash\n"
        "salt = get_backend().salt(timezone.now())\n"
        "site = Site.objects.get(is_default_site=True).pk\n"
        f"taken = visitor_hash(salt, '127.0.0.1', {taken!r}, site)\n"
        f"print(next(ua for ua in ({base!r} + str(k) for k in range(100)) "
        "if visitor_hash(salt, '127.0.0.1', ua, site) != taken))\n"
    )
    return portal.manage("shell", "-c", code).strip().splitlines()[-1]


def test_a_new_visitor_moves_the_numbers_in_the_box(browser: Browser, portal: PortalServer) -> None:
    before = server_numbers(portal)
    context, page = visit(browser, portal, SEED_URL, FIRST_READER)
    wait_until(lambda: server_numbers(portal)["today"] == before["today"] + 1)
    after = server_numbers(portal)
    assert after["views"] == before["views"] + 1
    shown = box_numbers(page)
    assert before["today"] <= shown["today"] <= after["today"]
    assert page.locator("[data-stats-views]").is_visible()
    page.goto("/")  # the same reader on another page: the box now shows them counted
    home = box_numbers(page)
    assert home["today"] == after["today"] and home["total"] >= home["month"] >= home["today"] > 0
    assert server_numbers(portal)["today"] == after["today"]  # same reader, same day: still one visitor
    context.close()


def test_a_reader_without_javascript_is_counted_by_the_pixel(browser: Browser, portal: PortalServer) -> None:
    reader = user_agent_of_another_visitor(
        portal, FIRST_READER, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128."
    )
    before = server_numbers(portal)
    context, page = visit(browser, portal, SEED_URL, reader, js=False)
    wait_until(lambda: server_numbers(portal)["today"] == before["today"] + 1)
    assert server_numbers(portal)["views"] == before["views"] + 1
    assert page.get_by_role("link", name="Xem số liệu thống kê").is_visible()
    context.close()
