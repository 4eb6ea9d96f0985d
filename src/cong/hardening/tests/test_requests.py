"""A NUL in the address is refused with 400 before any database lookup (PostgreSQL answered 500)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "url",
    ["/%00/", "/a%00b/", "/thoi-su/%00/", "/media/images/%00.png", "/documents/1/%00", "/tim-kiem/%00/"],
)  # fmt: skip
def test_nul_in_the_address_is_a_bad_request(home: Any, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Security-Policy"]  # still answered with the security headers


def test_ordinary_addresses_pass_and_forms_judge_their_parameters(home: Any, client: Client) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/tim-kiem/?q=100%25").status_code == 200
    refused = client.get("/tim-kiem/?q=%00")  # the search page's own 400, with its message
    assert refused.status_code == 400 and b"<h1" in refused.content
