"""``./cong new_site``: everything a component site needs, created once; host and path-prefix modes."""

from __future__ import annotations

import time
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    WorkflowPage,
)

from cong.core.models import PortalSettings
from cong.news.models import CategoryPage, HomePage
from cong.organisation.models import Unit
from cong.organisation.units import find_unit
from cong.sites.models import ComponentSite


def run(*args: str) -> str:
    out = StringIO()
    call_command("new_site", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def units(home: Any) -> dict[str, Unit]:
    """Units of the city portal's organisation (cong.organisation)."""
    city = Site.objects.get(is_default_site=True)
    return {
        "health": Unit.objects.create(site=city, name="Sở Y tế", slug="so-y-te"),
        "education": Unit.objects.create(site=city, name="Sở Giáo dục và Đào tạo", slug="so-gd-dt"),
    }


def test_new_site_creates_site_home_categories_settings_groups_workflow_once(
    home: Any, units: dict[str, Unit]
) -> None:
    started = time.perf_counter()
    first = run("--name", "Sở Y tế", "--host", "so-y-te.localhost:8000", "--parent-unit", "so-y-te")
    assert time.perf_counter() - started < 5
    assert "website so-y-te.localhost:8000" in first
    component = ComponentSite.objects.get(slug="so-y-te")
    assert component.parent_unit == units["health"]
    site = Site.objects.get(hostname="so-y-te.localhost")
    assert site.port == 8000 and site.root_page_id == component.root_page_id
    assert isinstance(component.root_page.specific, HomePage)
    slugs = set(CategoryPage.objects.child_of(component.root_page).values_list("slug", flat=True))
    assert {"tin-tuc-su-kien", "thong-bao", "chi-dao-dieu-hanh"} <= slugs
    assert PortalSettings.objects.get(site=site).portal_name == "Cổng thông tin điện tử Sở Y tế"
    editor = "Biên tập viên – Sở Y tế"
    assert GroupPagePermission.objects.filter(group__name=editor, page=component.root_page).exists()
    assert (
        not GroupPagePermission.objects.filter(group__name=editor).exclude(page=component.root_page).exists()
    )
    assert GroupCollectionPermission.objects.filter(
        group__name=editor, collection=component.collection
    ).exists()
    workflow = WorkflowPage.objects.get(page=component.root_page).workflow
    assert workflow.name == "Duyệt tin bài – Sở Y tế"
    steps = [task.specific for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [[g.name for g in step.groups.all()] for step in steps] == [
        ["Biên tập viên – Sở Y tế"],
        ["Trưởng Ban biên tập – Sở Y tế"],
    ]

    counts = [model.objects.count() for model in (Site, HomePage, CategoryPage, GroupPagePermission)]
    second = run("--name", "Sở Y tế", "--host", "so-y-te.localhost:8000", "--parent-unit", "so-y-te")
    assert "không có gì thay đổi" in second
    assert [model.objects.count() for model in (Site, HomePage, CategoryPage, GroupPagePermission)] == counts


def test_parent_unit_is_found_by_slug_or_name_and_linked(units: dict[str, Unit]) -> None:
    assert find_unit("so-gd-dt") == units["education"]
    assert find_unit("sở giáo dục và đào tạo") == units["education"]
    assert find_unit("Sở Nội vụ") is None and find_unit("") is None
    run("--name", "Sở Giáo dục", "--path-prefix", "so-giao-duc", "--parent-unit", "Sở Giáo dục và Đào tạo")
    component = ComponentSite.objects.get(slug="so-giao-duc")
    assert component.parent_unit == units["education"]
    again = run("--name", "Sở Giáo dục", "--path-prefix", "so-giao-duc", "--parent-unit", "so-gd-dt")
    assert "không có gì thay đổi" in again
    moved = run("--name", "Sở Giáo dục", "--path-prefix", "so-giao-duc", "--parent-unit", "so-y-te")
    assert "đơn vị chủ quản: Sở Y tế" in moved
    assert ComponentSite.objects.get(slug="so-giao-duc").parent_unit == units["health"]
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị 'Sở Nội vụ'"):
        run("--name", "Sở Nội vụ", "--host", "so-noi-vu.localhost", "--parent-unit", "Sở Nội vụ")
    assert not ComponentSite.objects.filter(name="Sở Nội vụ").exists()
    units["health"].delete()  # the link is cleared, the site stays
    assert ComponentSite.objects.get(slug="so-giao-duc").parent_unit is None


def test_new_site_refuses_bad_requests(home: Any) -> None:
    with pytest.raises(CommandError, match="đúng một"):
        run("--name", "Sở Y tế")
    with pytest.raises(CommandError, match="đúng một"):
        run("--name", "Sở Y tế", "--host", "a.localhost", "--path-prefix", "so-y-te")
    with pytest.raises(CommandError, match="Đường dẫn"):
        run("--name", "Sở Y tế", "--path-prefix", "Sở Y tế")
    run("--name", "Sở Y tế", "--host", "so-y-te.localhost")
    with pytest.raises(CommandError, match="đã thuộc"):
        run("--name", "Sở Tài chính", "--host", "so-y-te.localhost")


def test_host_mode_and_path_prefix_mode_route_to_their_homes(home: Any, client: Client) -> None:
    run("--name", "Sở Y tế", "--host", "so-y-te.localhost")
    run("--name", "Sở Giáo dục và Đào tạo", "--path-prefix", "so-giao-duc")
    response = client.get("/", HTTP_HOST="so-y-te.localhost")
    assert response.status_code == 200 and "Sở Y tế" in response.content.decode()
    response = client.get("/so-giao-duc/", HTTP_HOST="localhost")
    assert response.status_code == 200 and "Sở Giáo dục và Đào tạo" in response.content.decode()
    response = client.get("/so-giao-duc/thong-bao/", HTTP_HOST="localhost")
    assert response.status_code == 200
    component = ComponentSite.objects.get(slug="so-giao-duc")
    assert component.root_page.full_url == "http://localhost/so-giao-duc/"
    assert client.get("/", HTTP_HOST="so-y-te.localhost").content != client.get("/").content


@pytest.mark.parametrize(
    ("colour", "ok"),
    [("#0b4f8a", True), ("#767676", True), ("#777777", False), ("#ffcc00", False), ("red", False)],
)
def test_theme_colour_needs_contrast_with_white(home: Any, colour: str, ok: bool) -> None:
    theme = PortalSettings(site=Site.objects.get(is_default_site=True), brand_colour=colour)
    if ok:
        theme.clean()
    else:
        with pytest.raises(ValidationError):
            theme.clean()


def test_theme_stylesheet_is_per_site(home: Any, client: Client) -> None:
    run("--name", "Sở Y tế", "--host", "so-y-te.localhost")
    theme = PortalSettings.objects.get(site__hostname="so-y-te.localhost")
    theme.brand_colour = "#1b5e20"
    theme.save()
    assert b"#1b5e20" in client.get("/giao-dien.css", HTTP_HOST="so-y-te.localhost").content
    assert b"#1b5e20" not in client.get("/giao-dien.css").content
    assert 'href="/giao-dien.css"' in client.get("/", HTTP_HOST="so-y-te.localhost").content.decode()


def test_a_sites_documents_are_its_issuers_in_the_city_database(home: Any, client: Client) -> None:
    from cong.documents.models import DocumentIndexPage, Issuer

    index = DocumentIndexPage.objects.live().first()
    if index is None:  # the documents app's migration makes one on a fresh installation
        index = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban"))
    run("--name", "Sở Y tế", "--host", "so-y-te.localhost")
    run("--name", "Xã mẫu", "--path-prefix", "xa-mau")
    for host, path, name in (
        ("so-y-te.localhost", "/van-ban/", "Sở Y tế"),
        ("localhost", "/xa-mau/van-ban/", "Xã mẫu"),
    ):
        issuer = Issuer.objects.get(name=name)
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 302, (host, path)
        assert response["Location"] == f"{index.get_full_url()}?co_quan={issuer.slug}"
        listing = client.get(f"{index.url}?co_quan={issuer.slug}", HTTP_HOST="localhost")
        assert listing.status_code == 200
