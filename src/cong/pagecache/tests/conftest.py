from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def get(client: Client, url: str, **extra: Any) -> tuple[str, str]:
    """(X-Page-Cache header or "", HTML) of a GET that must succeed."""
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-Page-Cache", ""), response.content.decode()


@pytest.fixture
def warm(client: Client) -> Any:
    """Render each URL once and check that the second view is a cache hit."""

    def _warm(*urls: str) -> None:
        for url in urls:
            get(client, url)
            assert get(client, url)[0] == "hit", url

    return _warm
