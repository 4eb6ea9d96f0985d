"""/api/v2/tim-kiem/ has the page's filters under the page's names: category (chuyen_muc), date range
(tu, den) and, on the main site, the city-wide scope (pham_vi=tat-ca) with each result's site. Bad
values are a 400 with a message, never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Site

from cong.news.models import CategoryPage

from .conftest import OTHER_HOST, site_article
from .test_page import result_titles

pytestmark = pytest.mark.django_db
API = "/api/v2/tim-kiem/"
PAGE = "/tim-kiem/"


def api_titles(client: Client, params: dict[str, Any]) -> list[str]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


def test_category_filter_as_on_the_page(client: Client, corpus: dict[str, Any]) -> None:
    thoi_su = corpus["categories"]["thoi-su"]
    params = {"q": "ban hành", "chuyen_muc": thoi_su.pk}
    found = api_titles(client, params)
    assert set(found) == {corpus["ban_hanh"].title, corpus["nghi_dinh"].title}
    assert found == result_titles(client.get(PAGE, params).content.decode())
    assert api_titles(client, {"q": "ban hành", "chuyen_muc": corpus["categories"]["kinh-te"].pk}) == []
    assert client.get(API, params).json()["chuyen_muc"] == thoi_su.pk


@pytest.mark.parametrize(("since", "until"), [("2024-05-12", "12/05/2024"), ("12/05/2024", "2024-05-12")])
def test_date_range_as_on_the_page(client: Client, corpus: dict[str, Any], since: str, until: str) -> None:
    params = {"q": "cảng biển", "tu": since, "den": until}
    assert api_titles(client, params) == [corpus["cang_lede"].title]
    answer = client.get(API, params).json()
    assert answer["tu"] == "2024-05-12" and answer["den"] == "2024-05-12"
    since_only = [corpus["cang_lede"].title, corpus["cang_body"].title]  # lede (5), then body (4)
    assert api_titles(client, {"q": "cảng biển", "tu": "2024-05-12"}) == since_only
    assert api_titles(client, {"q": "cảng biển", "den": "2024-05-11"}) == [corpus["cang_title"].title]


def test_city_wide_scope_names_each_site(two_sites: Site) -> None:
    main = Site.objects.get(is_default_site=True)
    answer = Client().get(API, {"q": "cang", "pham_vi": "tat-ca"}).json()
    assert [(r["title"], r["site"]) for r in answer["results"]] == [
        ("Cảng Thủy Nguyên khởi công", "Thủy Nguyên"),
        ("Cảng thành phố mở rộng", main.site_name or main.hostname),
    ]
    assert answer["results"][0]["url"] == f"http://{OTHER_HOST}/tin-cang-huyen/cang-huyen/"
    assert answer["pham_vi"] == "tat-ca"
    local = Client().get(API, {"q": "cang"}).json()
    assert [r["title"] for r in local["results"]] == ["Cảng thành phố mở rộng"]
    assert "site" not in local["results"][0]


def test_city_wide_refused_elsewhere_and_with_a_category(two_sites: Site) -> None:
    response = Client(HTTP_HOST=OTHER_HOST).get(API, {"q": "cảng", "pham_vi": "tat-ca"})
    assert response.status_code == 400 and "pham_vi" in response.json()["errors"]
    category = CategoryPage.objects.get(slug="tin-cang-thanh-pho")
    response = Client().get(API, {"q": "cảng", "pham_vi": "tat-ca", "chuyen_muc": category.pk})
    assert response.status_code == 400
    assert response.json()["error"] == "Chuyên mục chỉ lọc được khi tìm trong trang này."


def test_city_wide_answer_shows_a_publication_on_another_site_at_once(two_sites: Site) -> None:
    client = Client()
    params = {"q": "cang", "pham_vi": "tat-ca"}
    assert len(api_titles(client, params)) == 2
    assert len(api_titles(client, params)) == 2  # from the caches
    site_article(two_sites.root_page, "cang-moi", "Cảng mới ở Thủy Nguyên", 3).save_revision().publish()
    assert api_titles(client, params)[0] == "Cảng mới ở Thủy Nguyên"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"chuyen_muc": "999999"}, "chuyen_muc"),
        ({"chuyen_muc": "abc"}, "chuyen_muc"),
        ({"chuyen_muc": "9" * 5000}, "chuyen_muc"),
        ({"chuyen_muc": "-1"}, "chuyen_muc"),
        ({"tu": "31/02/2024"}, "tu"),
        ({"tu": "2024-13-01"}, "tu"),
        ({"den": "0000-01-01"}, "den"),
        ({"den": "9" * 5000}, "den"),
        ({"tu": "x" * 5000}, "tu"),
        ({"tu": "2024-05-10", "den": "2024-05-01"}, "__all__"),
        ({"pham_vi": "khac"}, "pham_vi"),
        ({"pham_vi": "t" * 5000}, "pham_vi"),
        ({"loai": "v" * 5000}, "loai"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(
    client: Client, corpus: dict[str, Any], params: dict[str, str], field: str
) -> None:
    response = client.get(API, {"q": "cảng biển", **params})
    assert response.status_code == 400
    answer = response.json()
    assert answer["error"] and field in answer["errors"]
    assert "public" not in response.get("Cache-Control", "")  # an error is never kept by a cache


@pytest.mark.parametrize("name", ["chuyen_muc", "tu", "den", "pham_vi", "loai", "trang"])
@pytest.mark.parametrize("value", ["1\x00", "\x01", "2024-05-01\x1b", "tat-ca\x7f", "\u200e\x85"])
def test_control_characters_in_any_parameter_are_a_400(
    client: Client, corpus: dict[str, Any], name: str, value: str
) -> None:
    response = client.get(API, {"q": "cảng biển", name: value})
    assert response.status_code == 400
    assert response.json()["error"] == "parameters cannot contain control characters"


def test_undecodable_filter_bytes(client: Client, corpus: dict[str, Any]) -> None:
    for raw in ("tu=%ED%A0%80", "chuyen_muc=%C0%AF", "pham_vi=%FF%FE", "den=%3Cscript%3E"):
        response = client.get(f"{API}?q=cang&{raw}")
        assert response.status_code == 400, raw
