"""Site-aware search: /tim-kiem/ on a site searches that site's pages; ?pham_vi=tat-ca on the main site
searches every site and names each result's site."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Site

from cong.news.models import CategoryPage

from .conftest import OTHER_HOST, site_article
from .test_page import result_titles

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/"


def test_each_site_searches_its_own_pages(two_sites: Site) -> None:
    main = Client().get(URL, {"q": "cảng"})
    assert result_titles(main.content.decode()) == ["Cảng thành phố mở rộng"]
    other = Client(HTTP_HOST=OTHER_HOST).get(URL, {"q": "cảng"})
    assert other.status_code == 200
    assert result_titles(other.content.decode()) == ["Cảng Thủy Nguyên khởi công"]
    assert "Toàn thành phố" not in other.content.decode()  # the city-wide choice is the main site's


def test_city_wide_search_on_the_main_site_names_each_site(two_sites: Site) -> None:
    response = Client().get(URL, {"q": "cang", "pham_vi": "tat-ca"})
    assert response.status_code == 200
    html = response.content.decode()
    assert result_titles(html) == ["Cảng Thủy Nguyên khởi công", "Cảng thành phố mở rộng"]
    assert '<span class="search-site">Thủy Nguyên</span>' in html
    assert f"http://{OTHER_HOST}/tin-cang-huyen/cang-huyen/" in html  # the other site's own address
    assert "Toàn thành phố" in html


def test_city_wide_is_refused_elsewhere_and_with_a_category(two_sites: Site) -> None:
    assert Client(HTTP_HOST=OTHER_HOST).get(URL, {"q": "cảng", "pham_vi": "tat-ca"}).status_code == 400
    category = CategoryPage.objects.get(slug="tin-cang-thanh-pho")
    response = Client().get(URL, {"q": "cảng", "pham_vi": "tat-ca", "chuyen_muc": category.pk})
    assert response.status_code == 400


def test_city_wide_search_shows_a_publication_on_another_site_at_once(two_sites: Site) -> None:
    client = Client()
    params = {"q": "cang", "pham_vi": "tat-ca"}
    assert len(result_titles(client.get(URL, params).content.decode())) == 2
    assert len(result_titles(client.get(URL, params).content.decode())) == 2  # from the caches
    site_article(two_sites.root_page, "cang-moi", "Cảng mới ở Thủy Nguyên", 3).save_revision().publish()
    assert result_titles(client.get(URL, params).content.decode())[0] == "Cảng mới ở Thủy Nguyên"
