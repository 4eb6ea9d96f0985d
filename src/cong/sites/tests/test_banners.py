"""Banners per site: shown on their own site only, managed by its board only, cached per site."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from cong.banners.models import Banner, Placement

HOSTS = {"health": "so-y-te.localhost", "education": "so-giao-duc.localhost"}


@pytest.fixture
def boards(make_site: Any, django_user_model: Any) -> dict[str, Any]:
    image = get_image_model().objects.create(title="banner", file=get_test_image_file())
    data: dict[str, Any] = {
        "city": {"banner": _banner(Site.objects.get(is_default_site=True), "Cổng thành phố", image)}
    }
    for key, name in (("health", "Sở Y tế"), ("education", "Sở Giáo dục")):
        component = make_site(name, host=HOSTS[key])
        user = django_user_model.objects.create_user(username=f"bt-{key}", password="x")
        user.groups.add(Group.objects.get(name=f"Biên tập viên – {name}"))
        data[key] = {
            "component": component,
            "user": user,
            "banner": _banner(component.site, f"Banner {name}", image),
            "image": image,
        }
    return data


def _banner(site: Site, title: str, image: Any) -> Banner:
    return Banner.objects.create(
        site=site, title=title, image=image, alt_text=f"Alt {title}", placement=Placement.SIDEBAR
    )


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_banner_is_shown_on_its_own_site_only(boards: dict[str, Any], client: Client) -> None:
    pages = {
        "health": client.get("/", HTTP_HOST=HOSTS["health"]).content.decode(),
        "education": client.get("/", HTTP_HOST=HOSTS["education"]).content.decode(),
        "city": client.get("/", HTTP_HOST="localhost").content.decode(),
    }
    for where, html in pages.items():
        for whose in ("health", "education", "city"):
            shown = f'alt="Alt {boards[whose]["banner"].title}"' in html
            assert shown == (where == whose), (where, whose)


@pytest.mark.parametrize(("me", "other"), [("health", "education"), ("education", "health")])
def test_a_board_manages_its_own_site_banners_only(boards: dict[str, Any], me: str, other: str) -> None:
    mine, theirs = boards[me], boards[other]
    client = as_user(mine["user"])
    listing = client.get("/admin/snippets/banners/banner/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert mine["banner"].title in html
    assert theirs["banner"].title not in html and boards["city"]["banner"].title not in html
    # The list's site filter names only the board's own site.
    assert f'value="{mine["component"].site_id}"' in html
    assert f'value="{theirs["component"].site_id}"' not in html
    for banner in (theirs["banner"], boards["city"]["banner"]):
        for view in ("edit", "delete", "history", "usage", "copy"):
            response = client.get(f"/admin/snippets/banners/banner/{view}/{banner.pk}/")
            assert response.status_code in (302, 403, 404), (view, response.status_code)
    assert client.get(f"/admin/snippets/banners/banner/edit/{mine['banner'].pk}/").status_code == 200

    form = client.get("/admin/snippets/banners/banner/add/").content.decode()
    assert f'value="{mine["component"].site_id}"' in form
    assert f'value="{theirs["component"].site_id}"' not in form
    fields = {
        "title": "Mới",
        "image": mine["image"].pk,
        "alt_text": "Mới",
        "link_url": "",
        "placement": Placement.SIDEBAR,
        "sort_order": 0,
        "active": "on",
    }
    refused = client.post(
        "/admin/snippets/banners/banner/add/", {**fields, "site": theirs["component"].site_id}
    )
    assert refused.status_code == 200 and not Banner.objects.filter(title="Mới").exists()
    made = client.post("/admin/snippets/banners/banner/add/", {**fields, "site": mine["component"].site_id})
    assert made.status_code == 302
    assert Banner.objects.get(title="Mới").site_id == mine["component"].site_id
    edit = client.post(
        f"/admin/snippets/banners/banner/edit/{theirs['banner'].pk}/",
        {**fields, "title": "Chiếm", "site": mine["component"].site_id},
    )
    assert edit.status_code in (302, 403, 404) and not Banner.objects.filter(title="Chiếm").exists()


def test_city_administrator_manages_every_site_banners(boards: dict[str, Any], role_user: Any) -> None:
    client = as_user(role_user("Quản trị"))
    html = client.get("/admin/snippets/banners/banner/").content.decode()
    for key in ("health", "education", "city"):
        assert boards[key]["banner"].title in html
    health_site = boards["health"]["component"].site_id
    filtered = client.get(f"/admin/snippets/banners/banner/?site={health_site}").content.decode()
    assert boards["health"]["banner"].title in filtered
    assert boards["education"]["banner"].title not in filtered


def test_a_path_prefix_board_gets_no_banner_permissions(make_site: Any) -> None:
    component = make_site("Xã Mẫu", path_prefix="xa-mau")
    group = Group.objects.get(name=f"Biên tập viên – {component.name}")
    assert not group.permissions.filter(content_type__app_label="banners").exists()


def test_a_banner_change_leaves_the_other_sites_warm(boards: dict[str, Any], client: Client) -> None:
    hosts = [HOSTS["health"], HOSTS["education"], "localhost"]
    for host in hosts:
        client.get("/", HTTP_HOST=host)  # a site's first request creates its settings rows (a change)
        client.get("/", HTTP_HOST=host)
        assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "hit", host

    banner = boards["health"]["banner"]
    banner.alt_text = "Alt đã sửa"
    banner.save()
    response = client.get("/", HTTP_HOST=HOSTS["health"])
    assert response["X-Page-Cache"] == "miss" and 'alt="Alt đã sửa"' in response.content.decode()
    assert client.get("/", HTTP_HOST=HOSTS["education"])["X-Page-Cache"] == "hit"
    assert client.get("/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"

    banner.site = boards["education"]["component"].site  # moved: both sites change
    banner.save()
    assert client.get("/", HTTP_HOST=HOSTS["education"])["X-Page-Cache"] == "miss"
    assert 'alt="Alt đã sửa"' not in client.get("/", HTTP_HOST=HOSTS["health"]).content.decode()
    assert client.get("/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"
