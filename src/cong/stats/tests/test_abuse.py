"""Hole 5 of issue 12 for the counter: User-Agent rotation, forged addresses, and GET = POST."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from .test_views import BROWSER, post_hit, summary


@pytest.fixture
def article_path(seed_article: Any) -> str:
    return seed_article.url


def test_one_address_rotating_its_user_agent_counts_at_most_a_few_visitors(
    client: Client, article_path: str, settings: Any
) -> None:
    for n in range(300):
        assert post_hit(client, article_path, ip="203.0.113.50", ua=f"{BROWSER} rot/{n}").status_code == 204
    today = summary(client)["today"]
    assert 1 <= today <= settings.STATS_VISITORS_PER_ADDRESS
    # Different addresses still count apart, and so do most browsers behind one address.
    for n in range(20):
        post_hit(client, article_path, ip=f"198.51.100.{n + 1}")
    assert summary(client)["today"] == today + 20


def test_an_ipv6_client_rotating_through_its_64_counts_once(client: Client, article_path: str) -> None:
    for n in range(50):
        post_hit(client, article_path, ip=f"2001:db8:aa:bb::{n + 1:x}")
    assert summary(client)["today"] == 1


def test_a_forged_real_ip_header_is_ignored_without_a_proxy(client: Client, article_path: str) -> None:
    for n in range(20):
        post_hit(client, article_path, ip="203.0.113.60", HTTP_X_REAL_IP=f"10.9.9.{n}")
    assert summary(client)["today"] == 1


@override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_behind_nginx_the_header_it_sets_is_the_address(client: Client, article_path: str) -> None:
    for n in range(3):
        post_hit(client, article_path, ip="127.0.0.1", HTTP_X_REAL_IP=f"203.0.113.{70 + n}")
    assert summary(client)["today"] == 3


HOSTILE = [
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_SEC_FETCH_SITE": "none"},
    {"HTTP_SEC_FETCH_MODE": "navigate"},
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_REFERER": "https://evil.example/page"},
    {"HTTP_PURPOSE": "prefetch"},
    {"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
    {"HTTP_USER_AGENT": ""},
    {"HTTP_USER_AGENT": "x" * 2000},
]


@pytest.mark.parametrize("headers", HOSTILE)
def test_the_pixel_counts_only_what_the_beacon_would(
    client: Client, article_path: str, headers: dict[str, str]
) -> None:
    extra = {"HTTP_USER_AGENT": BROWSER, **headers}
    beacon = client.post("/stats/hit", data=article_path, content_type="text/plain", **extra)
    pixel = client.get("/stats/hit.gif", {"p": article_path}, **extra)
    assert beacon["X-Cong-Stats"] == pixel["X-Cong-Stats"] != "counted"
    for path in ("/admin/", "/khong-co/", "/static/x.css", "//evil.example/"):
        beacon = client.post("/stats/hit", data=path, content_type="text/plain", HTTP_USER_AGENT=BROWSER)
        pixel = client.get("/stats/hit.gif", {"p": path}, HTTP_USER_AGENT=BROWSER)
        assert beacon["X-Cong-Stats"] == pixel["X-Cong-Stats"] != "counted", path
    assert summary(client)["today"] == 0


def test_a_pixel_from_our_own_page_counts(client: Client, article_path: str) -> None:
    response = client.get(
        "/stats/hit.gif",
        {"p": article_path},
        HTTP_USER_AGENT=BROWSER,
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_SEC_FETCH_MODE="no-cors",
        HTTP_REFERER=f"http://testserver{article_path}",
    )
    assert response["X-Cong-Stats"] == "counted"
