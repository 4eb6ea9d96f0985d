"""Demo content: the main menu, linked portals, sample procedures and the English side of the portal.

Only public facts (the national portals' addresses, the seed's agency details); every procedure is a
clearly labelled sample ("mẫu") pointing at the national public service portal.
"""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page, Site

from cong.core.models import PortalSettings
from cong.i18n.translation import translate_page

from .models import LinkedPortal, MainMenu, ProcedureLink

PORTAL_EN = {
    "portal_name_en": "Electronic Information Portal",
    "portal_area_en": "Hai Phong City",
    "managing_agency_en": "Office of the Hai Phong City People's Committee",
    "editor_in_chief_en": "Chief of Office Trần Huy Kiên",
    "address_en": "18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hai Phong, Vietnam",
}

LINKED_PORTALS = [
    ("Cổng Thông tin điện tử Chính phủ", "Government Portal", "https://chinhphu.vn/"),
    ("Cổng Dịch vụ công quốc gia", "National Public Service Portal", "https://dichvucong.gov.vn/"),
    (
        "Cơ sở dữ liệu quốc gia về văn bản pháp luật",
        "National Database of Legal Documents",
        "https://vbpl.vn/",
    ),
]

# (field, field in English, name, name in English): samples, all on the national portal.
PROCEDURES = [
    ("Hộ tịch", "Civil status", "Đăng ký khai sinh (mẫu)", "Birth registration (sample)"),
    (
        "Hộ tịch",
        "Civil status",
        "Cấp bản sao trích lục hộ tịch (mẫu)",
        "Copy of a civil status extract (sample)",
    ),
    ("Đất đai", "Land", "Đăng ký biến động đất đai (mẫu)", "Registration of land changes (sample)"),
    (
        "Đầu tư",
        "Investment",
        "Cấp giấy chứng nhận đăng ký đầu tư (mẫu)",
        "Investment registration certificate (sample)",
    ),
]
NATIONAL_SERVICES = "https://dichvucong.gov.vn/"

# Introduction pages (cong.organisation) translated into English when the demo has them: slug -> fields.
PAGES_EN = {
    "gioi-thieu": {"title": "About Hai Phong", "slug": "about"},
    "co-cau-to-chuc": {"title": "Organisation", "slug": "organisation"},
    "danh-ba": {"title": "Contacts", "slug": "contacts"},
    "lich-cong-tac": {"title": "Work schedule", "slug": "work-schedule"},
}
HOME_EN = {"title": "Home", "slug": "home", "intro": "Electronic Information Portal of Hai Phong City."}
# The seed article's category and the seed article itself, in English (a summary of the seed's lede).
NEWS_EN = {"thoi-su": {"title": "News", "slug": "news"}}
SEED_EN_TITLE = "Central Propaganda Commission delegation works with Hai Phong City"
SEED_EN_LEDE = (
    "On the morning of 1 December, a working delegation of the Central Propaganda Commission led by "
    "Lại Xuân Môn, Standing Deputy Head of the Commission, worked with Hai Phong City on key propaganda "
    "tasks of 2021."
)
SEED_EN_BODY = (
    "<p>English summary of the Vietnamese article: the delegation and the city's leaders reviewed the "
    "propaganda work of the year and the tasks ahead. The full text is in Vietnamese.</p>"
)


def build_demo_navigation(site: Site, log: Any = print) -> None:
    """English portal texts and pages, linked portals, procedures, then the main menu over all of it."""
    log("Tạo trang tiếng Anh, trình đơn chính và liên kết ...")
    PortalSettings.objects.filter(site=site).update(**PORTAL_EN)
    home = site.root_page.specific
    translate_page(home, "en", **HOME_EN)
    _translate_news(home)
    _translate_organisation(site)
    for page in Page.objects.descendant_of(home).live().filter(slug__in=PAGES_EN).order_by("depth"):
        if page.get_parent().specific.get_translations().filter(locale__language_code="en").exists() or (
            page.get_parent().pk == home.pk
        ):
            translate_page(page, "en", **PAGES_EN[page.slug])
    for order, (name, name_en, url) in enumerate(LINKED_PORTALS):
        LinkedPortal.objects.update_or_create(
            site=site, url=url, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
    for order, (field, field_en, name, name_en) in enumerate(PROCEDURES):
        ProcedureLink.objects.update_or_create(
            site=site,
            name=name,
            defaults={
                "name_en": name_en,
                "field": field,
                "field_en": field_en,
                "url": NATIONAL_SERVICES,
                "sort_order": order,
            },
        )
    menu = MainMenu.for_site(site)
    menu.items = json.dumps([{"type": kind, "value": value} for kind, value in default_menu(home)])
    menu.save()


# English texts of the organisation demo's units and people (cong.organisation): Vietnamese -> English.
ORGANISATION_EN = {
    "Văn phòng Ủy ban nhân dân thành phố Hải Phòng": "Office of the Hai Phong City People's Committee",
    "18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng": "18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hai Phong, Vietnam",
    "Phòng Tổng hợp (đơn vị mẫu)": "General Affairs Division (sample unit)",
    "Phòng Hành chính – Tổ chức (đơn vị mẫu)": "Administration and Organisation Division (sample unit)",
    "Sở mẫu 1": "Sample Department 1",
    "Quận mẫu 1": "Sample Urban District 1",
    "Huyện mẫu 1": "Sample Rural District 1",
    "Lãnh đạo mẫu 1": "Sample leader 1",
    "Lãnh đạo mẫu 2": "Sample leader 2",
    "Lãnh đạo mẫu 3": "Sample leader 3",
    "Chủ tịch Ủy ban nhân dân thành phố (mẫu)": "Chairman of the City People's Committee (sample)",
    "Phó Chủ tịch Ủy ban nhân dân thành phố (mẫu)": "Vice Chairman of the City People's Committee (sample)",
    "Chánh Văn phòng, Trưởng Ban biên tập Cổng Thông tin điện tử": (
        "Chief of Office, Editor-in-chief of the Electronic Information Portal"
    ),
    "Trưởng đơn vị (mẫu)": "Head of unit (sample)",
    **{f"Cán bộ mẫu {n}": f"Sample official {n}" for n in range(1, 10)},
}
ORGANISATION_FIELDS = ("name", "title", "address", "tasks")
SAMPLE_TEXT_EN = "<p>Sample text (the Vietnamese version has the same sample data).</p>"


def _translate_organisation(site: Site) -> None:
    """English copies of the organisation demo's units and people, linked to each other's copies."""
    from django.apps import apps

    if not apps.is_installed("cong.organisation"):
        return
    from wagtail.models import Locale

    unit_model, person_model = (
        apps.get_model("organisation", "Unit"),
        apps.get_model("organisation", "Person"),
    )
    english, default = Locale.objects.get(language_code="en"), Locale.get_default()
    copies: dict[tuple[str, int], Any] = {}
    for model in (unit_model, person_model):
        for row in model.objects.filter(site=site, locale=default).order_by("pk"):
            copy = row.get_translation_or_none(english) or row.copy_for_translation(english)
            for name in ORGANISATION_FIELDS:
                value = getattr(row, name, None)
                if isinstance(value, str) and value:
                    setattr(copy, name, ORGANISATION_EN.get(value, value))
            for name in ("functions", "biography"):
                if getattr(row, name, None):
                    setattr(copy, name, SAMPLE_TEXT_EN)
            for name in ("parent", "head", "unit"):  # re-linked to the English copies below
                if hasattr(copy, f"{name}_id"):
                    setattr(copy, f"{name}_id", None)
            copy.save()
            copies[(model.__name__, row.pk)] = (row, copy)
    for (kind, _pk), (row, copy) in copies.items():  # links between the English copies
        links = {"Unit": (("parent", "Unit"), ("head", "Person")), "Person": (("unit", "Unit"),)}[kind]
        for name, target in links:
            original = getattr(row, f"{name}_id")
            if original is not None and (target, original) in copies:
                setattr(copy, f"{name}_id", copies[(target, original)][1].pk)
        copy.save()


def _translate_news(home: Page) -> None:
    """The seed article's category and the seed article (the newest featured one) in English."""
    from cong.news.models import ArticlePage

    for slug, fields in NEWS_EN.items():
        category = _child(home, slug)
        if category is None:
            continue
        translate_page(category, "en", **fields)
        seed = (
            ArticlePage.objects.child_of(category).live().filter(legacy_url__startswith="demo:seed/").first()
        )
        if seed is not None:
            translate_page(
                seed,
                "en",
                title=SEED_EN_TITLE,
                slug=slugify(SEED_EN_TITLE),
                lede=SEED_EN_LEDE,
                body=json.dumps([{"type": "text", "value": SEED_EN_BODY}]),
                exclude_fields=["legacy_url"],
            )


def _child(home: Page, slug: str) -> Page | None:
    return Page.objects.child_of(home).live().filter(slug=slug).first()


def _descendant(home: Page, slug: str) -> Page | None:
    return Page.objects.descendant_of(home).live().filter(slug=slug).first()


def _link(label: str, label_en: str = "", page: Page | None = None, url: str = "") -> dict[str, Any]:
    return {"label": label, "label_en": label_en, "page": page.pk if page else None, "url": url}


def default_menu(home: Page) -> list[tuple[str, dict[str, Any]]]:
    """The usual sections of a provincial portal, linked to the pages that exist (raw StreamField data)."""
    items: list[tuple[str, dict[str, Any]]] = []
    intro = _child(home, "gioi-thieu")
    if intro is not None:
        children = [
            _link(p.title, PAGES_EN.get(p.slug, {}).get("title", ""), page=p)
            for p in Page.objects.child_of(intro).live().in_menu()
        ] or [
            _link(p.title, PAGES_EN.get(p.slug, {}).get("title", ""), page=p)
            for slug in ("co-cau-to-chuc", "danh-ba")
            if (p := _descendant(home, slug)) is not None
        ]
        block = {**_link("Giới thiệu", "About", page=intro), "children": children}
        items.append(("group", block) if children else ("link", _link("Giới thiệu", "About", page=intro)))
    news = [
        _link(page.title, NEWS_EN.get(page.slug, {}).get("title", ""), page=page)
        for page in Page.objects.child_of(home).live().filter(content_type__model="categorypage")
        if page.slug != "chi-dao-dieu-hanh"
    ]
    if news:
        items.append(("group", {**_link("Tin tức – Sự kiện", "News"), "children": news}))
    direction = _child(home, "chi-dao-dieu-hanh")
    if direction is not None:
        items.append(("link", _link("Chỉ đạo điều hành", page=direction)))
    documents = _child(home, "van-ban")
    items.append(("link", _link("Văn bản", page=documents, url="" if documents else "/van-ban/")))
    items.append(
        ("link", _link("Thủ tục hành chính", "Administrative procedures", url=reverse("procedures")))
    )
    items.append(("link", _link("Hỏi đáp", url=reverse("participation:archive"))))
    items.append(("link", _link("Lấy ý kiến dự thảo", url=reverse("participation:consultations"))))
    schedule = _child(home, "lich-cong-tac")
    if schedule is not None:
        items.append(("link", _link("Lịch công tác", "Work schedule", page=schedule)))
    # In English the language switch leads back; the entry is for Vietnamese readers only.
    items.append(("link", _link("English", url="/en/")))
    return items
