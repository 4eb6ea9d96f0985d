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
from cong.sites.models import ComponentSite, SiteTheme


def run(*args: str) -> str:
    out = StringIO()
    call_command("new_site", *args, stdout=out)
    return out.getvalue()


def test_new_site_creates_site_home_categories_settings_groups_workflow_once(home: Any) -> None:
    started = time.perf_counter()
    first = run("--name", "Sở Y tế", "--host", "so-y-te.localhost:8000", "--parent-unit", "so-y-te")
    assert time.perf_counter() - started < 5
    assert "website so-y-te.localhost:8000" in first
    component = ComponentSite.objects.get(slug="so-y-te")
    assert component.parent_unit == "so-y-te"
    site = Site.objects.get(hostname="so-y-te.localhost")
    assert site.port == 8000 and site.root_page_id == component.root_page_id
    assert isinstance(component.root_page.specific, HomePage)
    slugs = set(CategoryPage.objects.child_of(component.root_page).values_list("slug", flat=True))
    assert {"tin-tuc-su-kien", "thong-bao", "chi-dao-dieu-hanh"} <= slugs
    assert PortalSettings.objects.get(site=site).portal_name == "Cổng thông tin điện tử Sở Y tế"
    assert SiteTheme.objects.filter(site=site).exists()
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
    theme = SiteTheme(site=Site.objects.get(is_default_site=True), brand_colour=colour)
    if ok:
        theme.clean()
    else:
        with pytest.raises(ValidationError):
            theme.clean()


def test_theme_stylesheet_is_per_site(home: Any, client: Client) -> None:
    run("--name", "Sở Y tế", "--host", "so-y-te.localhost")
    theme = SiteTheme.objects.get(site__hostname="so-y-te.localhost")
    theme.brand_colour = "#1b5e20"
    theme.save()
    assert b"#1b5e20" in client.get("/giao-dien.css", HTTP_HOST="so-y-te.localhost").content
    assert b"#1b5e20" not in client.get("/giao-dien.css").content
    assert 'href="/giao-dien.css"' in client.get("/", HTTP_HOST="so-y-te.localhost").content.decode()
