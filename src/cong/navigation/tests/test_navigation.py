"""Main menu (per site, per language), linked portals, procedures and the EMC tracking code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Site

from cong.i18n.translation import translate_page
from cong.navigation.demo import build_demo_navigation, default_menu
from cong.navigation.models import LinkedPortal, MainMenu, ProcedureLink, TrackingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(seed_article: Any) -> Site:
    return Site.objects.get(is_default_site=True)


def _nav(html: str) -> str:
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start)]


def test_without_a_menu_the_top_level_pages_are_listed(client: Client, site: Site, seed_article: Any) -> None:
    nav = _nav(client.get("/").content.decode())
    assert f'href="{seed_article.get_parent().url}"' in nav


def test_demo_menu_in_both_languages(client: Client, site: Site, seed_article: Any) -> None:
    build_demo_navigation(site, log=lambda _: None)
    nav = _nav(client.get("/").content.decode())
    for label in (
        "Tin tức – Sự kiện",
        "Văn bản",
        "Thủ tục hành chính",
        "Hỏi đáp",
        "Lấy ý kiến dự thảo",
        "English",
    ):
        assert label in nav, label
    # One level of drop-down, as a disclosure that works without JavaScript.
    assert "<details>" in nav and "<summary" in nav
    assert nav.count("<details>") == nav.count("</details>")
    assert 'href="/thu-tuc-hanh-chinh/"' in nav and 'href="/en/"' in nav
    english = _nav(client.get("/en/").content.decode())
    assert 'href="/en/thu-tuc-hanh-chinh/">Administrative procedures<' in english
    assert "Văn bản" not in english and "English<" not in english  # no English label: left out


def test_menu_page_links_follow_the_language(client: Client, site: Site, seed_article: Any) -> None:
    category = seed_article.get_parent().specific
    home = site.root_page.specific
    translate_page(home, "en", title="Home", slug="home")
    english = translate_page(category, "en", title="Current affairs", slug="current-affairs")
    menu = MainMenu.for_site(site)
    menu.items = json.dumps(
        [
            {
                "type": "link",
                "value": {"label": "Thời sự", "label_en": "Current affairs", "page": category.pk, "url": ""},
            }
        ]
    )
    menu.save()
    assert f'href="{category.url}"' in _nav(client.get("/").content.decode())
    assert f'href="{english.url}">Current affairs<' in _nav(client.get("/en/").content.decode())


def test_drop_down_link_of_the_current_page_is_marked(client: Client, site: Site, seed_article: Any) -> None:
    category = seed_article.get_parent().specific
    menu = MainMenu.for_site(site)
    child = {"label": "Thời sự", "label_en": "", "page": category.pk, "url": ""}
    parent = {"label": "Tin tức", "label_en": "", "page": None, "url": "", "children": [child]}
    menu.items = json.dumps([{"type": "group", "value": parent}])
    menu.save()
    current = f'<a href="{category.url}" aria-current="page">Thời sự</a>'
    assert current in _nav(client.get(category.url).content.decode())
    assert current not in _nav(client.get("/").content.decode())
    assert f'<a href="{category.url}">Thời sự</a>' in _nav(client.get("/").content.decode())


def test_menu_edit_refreshes_cached_pages(client: Client, site: Site) -> None:
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    menu = MainMenu.for_site(site)
    menu.items = [
        {"type": "link", "value": {"label": "Mục mới", "label_en": "", "page": None, "url": "/van-ban/"}}
    ]
    menu.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss" and "Mục mới" in _nav(response.content.decode())


def test_menu_rejects_script_links(site: Site) -> None:
    block = MainMenu._meta.get_field("items").stream_block.child_blocks["link"]
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python({"label": "X", "label_en": "", "page": None, "url": "javascript:alert(1)"})
        )
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "X", "label_en": "", "page": None, "url": ""}))


def test_default_menu_covers_the_sections(site: Site) -> None:
    labels = [value["label"] for _kind, value in default_menu(site.root_page.specific)]
    assert labels[-6:] == ["Văn bản", "Thủ tục hành chính", "Hỏi đáp", "Lấy ý kiến dự thảo", "English"][
        -6:
    ] or ({"Văn bản", "Thủ tục hành chính", "Hỏi đáp", "Lấy ý kiến dự thảo", "English"} <= set(labels))


def test_linked_portals_in_the_footer(client: Client, site: Site) -> None:
    LinkedPortal.objects.create(
        site=site,
        name="Cổng Dịch vụ công quốc gia",
        name_en="National Public Service Portal",
        url="https://dichvucong.gov.vn/",
    )
    LinkedPortal.objects.create(site=site, name="Ẩn", url="https://example.org/", active=False)
    translate_page(site.root_page, "en", title="Home", slug="home")
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="https://dichvucong.gov.vn/" rel="noopener">Cổng Dịch vụ công quốc gia</a>' in footer
    assert "Ẩn" not in footer
    footer_en = client.get("/en/").content.decode().split('<footer class="site-footer">')[1]
    assert ">National Public Service Portal<" in footer_en


def test_procedures_page(client: Client, site: Site) -> None:
    ProcedureLink.objects.create(
        site=site,
        name="Đăng ký khai sinh (mẫu)",
        name_en="Birth registration (sample)",
        field="Hộ tịch",
        field_en="Civil status",
        url="https://dichvucong.gov.vn/",
    )
    translate_page(site.root_page, "en", title="Home", slug="home")
    html = client.get("/thu-tuc-hanh-chinh/").content.decode()
    assert "<h1>Thủ tục hành chính</h1>" in html and ">Hộ tịch</h2>" in html
    assert '<a href="https://dichvucong.gov.vn/" rel="noopener">Đăng ký khai sinh (mẫu)</a>' in html
    english = client.get("/en/thu-tuc-hanh-chinh/").content.decode()
    assert "<h1>Administrative procedures</h1>" in english and ">Civil status</h2>" in english
    assert ">Birth registration (sample)</a>" in english


def test_emc_script_and_csp_only_when_set(client: Client, site: Site) -> None:
    response = client.get("/")
    assert "emc" not in response.content.decode().lower()
    policy = response["Content-Security-Policy"]
    assert "https://emc.example.gov.vn" not in policy
    tracking = TrackingSettings.for_site(site)
    tracking.emc_script_url = "https://emc.example.gov.vn/tracking.js"
    tracking.emc_site_id = "haiphong-123"
    tracking.full_clean()
    tracking.save()
    response = client.get("/")
    html = response.content.decode()
    assert (
        '<script src="https://emc.example.gov.vn/tracking.js" data-site-id="haiphong-123" async></script>'
        in html
    )
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert "https://emc.example.gov.vn" in directives["script-src"].split()
    assert "https://emc.example.gov.vn" in directives["connect-src"].split()
    assert "'unsafe-inline'" not in directives["script-src"]
    # A cache hit replays the same extended policy.
    again = client.get("/")
    assert (
        again["X-Page-Cache"] == "hit"
        and again["Content-Security-Policy"] == response["Content-Security-Policy"]
    )
    # Never in the admin.
    assert "emc.example.gov.vn" not in client.get("/admin/login/").content.decode()


def test_emc_address_must_be_https(site: Site) -> None:
    tracking = TrackingSettings.for_site(site)
    tracking.emc_script_url = "http://emc.example.gov.vn/tracking.js"
    with pytest.raises(ValidationError):
        tracking.full_clean()
