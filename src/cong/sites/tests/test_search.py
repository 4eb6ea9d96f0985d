"""Search over component sites made by new_site: city-wide finds them, each site only its own, and a
component's publish refreshes the city-wide results (tag ``pages:all``) but not the city's own."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cong.search.tests.test_page import result_titles

URL = "/tim-kiem/"


def test_city_wide_search_finds_a_component_article_and_follows_its_publishes(
    make_site: Any, publish_article: Any, client: Client
) -> None:
    health = make_site("Sở Y tế", host="so-y-te.localhost")
    education = make_site("Sở Giáo dục", host="so-giao-duc.localhost")
    publish_article(health, "Tiêm chủng mở rộng đợt một")
    publish_article(education, "Tiêm chủng cho học sinh")
    city_wide = {"q": "tiêm chủng", "pham_vi": "tat-ca"}

    def titles(host: str, params: dict[str, str]) -> list[str]:
        response = client.get(URL, params, HTTP_HOST=host)
        assert response.status_code == 200
        return sorted(result_titles(response.content.decode()))

    assert titles("localhost", city_wide) == ["Tiêm chủng cho học sinh", "Tiêm chủng mở rộng đợt một"]
    assert titles("so-y-te.localhost", {"q": "tiêm chủng"}) == ["Tiêm chủng mở rộng đợt một"]
    assert titles("so-giao-duc.localhost", {"q": "tiêm chủng"}) == ["Tiêm chủng cho học sinh"]
    assert titles("localhost", {"q": "tiêm chủng"}) == []  # the city's own pages only

    for _ in range(2):
        client.get(URL, city_wide, HTTP_HOST="localhost")
    assert client.get(URL, city_wide, HTTP_HOST="localhost")["X-Page-Cache"] == "hit"
    publish_article(health, "Tiêm chủng mở rộng đợt hai")
    assert "Tiêm chủng mở rộng đợt hai" in titles("localhost", city_wide)
    assert "Tiêm chủng mở rộng đợt hai" not in titles("so-giao-duc.localhost", {"q": "tiêm chủng"})
