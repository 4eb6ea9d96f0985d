"""Hole 5 of issue 12: request limits in the app when no nginx is in front."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client, override_settings

from cong.hardening import ratelimit

LIMITS = "search=3/60,suggest=3/60,documents=3/60,api=3/60,stats=3/60,login=3/60"


@pytest.fixture(autouse=True)
def limits(settings: Any) -> Iterator[None]:
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = LIMITS
    caches[settings.RATE_LIMIT_CACHE].clear()
    # Windows are fixed minutes: start each test 5 s into one, so that its requests (slow on a busy
    # machine) never straddle two windows and find the counter reset.
    with time_machine.travel(datetime(2026, 12, 2, 1, 0, 5, tzinfo=UTC), tick=True):
        yield


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/tim-kiem/?q=h%E1%BA%A3i{n}", None),
        ("get", "/tim-kiem/goi-y/?q=h%E1%BA%A3i{n}", None),
        ("get", "/van-ban/?q=15{n}", None),
        ("get", "/api/v2/pages/", None),
        ("post", "/stats/hit", "/"),
        ("get", "/stats/hit.gif?p=/", None),
        ("post", "/admin/login/", None),
    ],
)
def test_each_endpoint_answers_429_with_retry_after(home: Any, method: str, path: str, body: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    send = getattr(client, method)
    kwargs = {"data": body, "content_type": "text/plain"} if body else {}
    # A different query each time: a page-cache hit costs nothing and is never limited.
    for n in range(3):
        assert send(path.format(n=n), **kwargs).status_code != 429
    response = send(path.format(n=3), **kwargs)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response["Cache-Control"] == "no-store"
    assert "Quá nhiều yêu cầu" in response.content.decode()
    # Another client is not affected.
    assert getattr(Client(REMOTE_ADDR="203.0.113.8"), method)(path.format(n=4), **kwargs).status_code != 429


def test_typing_suggestions_leaves_the_search_budget(home: Any, settings: Any) -> None:
    """Suggestions have their own rule: 30 keystrokes' suggestions (the default allows them) cost
    nothing of the searches' budget, and searches cost nothing of the suggestions'."""
    settings.RATE_LIMITS = "search=3/60"  # the default suggestion rule, a small search budget
    client = Client(REMOTE_ADDR="203.0.113.40")
    typed = "ha phong ke hoach phong chong thien tai"
    for n in range(1, 31):
        assert client.get("/tim-kiem/goi-y/", {"q": typed[: n + 1]}).status_code == 200
    for n in range(3):
        assert client.get("/tim-kiem/", {"q": f"hải phòng {n}"}).status_code == 200
    assert client.get("/tim-kiem/", {"q": "hải phòng 3"}).status_code == 429
    assert client.get("/tim-kiem/goi-y/", {"q": "hai phong 31"}).status_code == 200
    assert settings.RATE_LIMIT_DEFAULTS["suggest"][0] >= 60


def test_the_suggestion_limit_answers_429(home: Any, settings: Any) -> None:
    settings.RATE_LIMITS = "suggest=5/60"
    client = Client(REMOTE_ADDR="203.0.113.41")
    assert [client.get("/tim-kiem/goi-y/", {"q": f"hai {n}"}).status_code for n in range(6)] == [200] * 5 + [
        429
    ]
    assert client.get("/tim-kiem/", {"q": "hải phòng"}).status_code == 200  # searches are not affected


def test_pages_and_plain_document_list_are_not_limited(home: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        assert client.get("/").status_code == 200
        assert client.get("/admin/login/").status_code == 200  # only posting the form is limited


def test_an_ipv6_client_cannot_escape_by_rotating_its_64(home: Any) -> None:
    for n in range(3):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").get(f"/tim-kiem/?q=a{n}")
    assert Client(REMOTE_ADDR="2001:db8:1:2:ffff::9").get("/tim-kiem/?q=b").status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").get("/tim-kiem/?q=c").status_code != 429


def test_no_raw_address_in_the_cache(home: Any, settings: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.77")
    client.get("/tim-kiem/?q=a")
    cache = caches[settings.RATE_LIMIT_CACHE]
    if hasattr(cache, "keys"):
        keys = cache.keys("ratelimit:*")
        assert keys and not any("198.51.100" in key for key in keys)
    else:
        from pathlib import Path

        files = list(Path(settings.CACHES["ratelimit"]["LOCATION"]).glob("*.djcache"))
        assert files and not any(b"198.51.100" in path.read_bytes() for path in files)
    assert "198.51.100" not in ratelimit.client_key(client.get("/").wsgi_request)


@override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_behind_nginx_the_real_ip_header_is_the_client(home: Any) -> None:
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(3):
        proxy.get(f"/tim-kiem/?q=a{n}", HTTP_X_REAL_IP="203.0.113.20")
    assert proxy.get("/tim-kiem/?q=b", HTTP_X_REAL_IP="203.0.113.20").status_code == 429
    assert proxy.get("/tim-kiem/?q=c", HTTP_X_REAL_IP="203.0.113.21").status_code != 429


def test_rates_are_read_from_settings() -> None:
    assert ratelimit.parse_rates("search=60/60, api=0/30") == {"search": (60, 60), "api": (0, 30)}
    assert ratelimit.parse_rates("suggest=200/60") == {"suggest": (200, 60)}
    with pytest.raises(ValueError):
        ratelimit.parse_rates("search=many")
    with pytest.raises(ValueError):
        ratelimit.parse_rates("unknown=1/1")


def test_off_switch(home: Any, settings: Any) -> None:
    settings.RATE_LIMIT_ENABLED = False
    client = Client(REMOTE_ADDR="203.0.113.30")
    assert all(client.get("/tim-kiem/?q=a").status_code != 429 for _ in range(6))
