"""Demo organisation: the managing agency and the head of the editorial board from the seed (read from
the site's PortalSettings, which the demo fills from the seed), plus clearly labelled sample units,
people and one week of the work schedule (the current week)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cong.core.models import PortalSettings

from .models import (
    DirectoryPage,
    IntroductionPage,
    OrganisationChartPage,
    Person,
    ScheduleEntry,
    SchedulePage,
    ScheduleWeek,
    Unit,
    UnitKind,
)

SAMPLE = "(dữ liệu mẫu)"
UNITS = [  # name, kind, phone suffix
    ("Phòng Tổng hợp (đơn vị mẫu)", UnitKind.DIVISION),
    ("Phòng Hành chính – Tổ chức (đơn vị mẫu)", UnitKind.DIVISION),
    ("Sở mẫu 1", UnitKind.DEPARTMENT),
    ("Quận mẫu 1", UnitKind.URBAN_DISTRICT),
    ("Huyện mẫu 1", UnitKind.RURAL_DISTRICT),
]
LEADERS = [
    ("Lãnh đạo mẫu 1", "Chủ tịch Ủy ban nhân dân thành phố (mẫu)"),
    ("Lãnh đạo mẫu 2", "Phó Chủ tịch Ủy ban nhân dân thành phố (mẫu)"),
    ("Lãnh đạo mẫu 3", "Phó Chủ tịch Ủy ban nhân dân thành phố (mẫu)"),
]
SCHEDULE = [  # weekday (0 = Monday), start, end, leader indexes, content, place, unit index, participants
    (
        0,
        time(8, 0),
        time(9, 30),
        [0, 1, 2],
        "Giao ban lãnh đạo Ủy ban nhân dân thành phố (lịch mẫu)",
        "Phòng họp số 1, trụ sở Ủy ban nhân dân thành phố",
        0,
        "Chánh Văn phòng, các Phó Chánh Văn phòng",
    ),
    (
        1,
        time(14, 0),
        time(16, 30),
        [1],
        "Làm việc với Sở mẫu 1 về tiến độ giải ngân vốn đầu tư công (lịch mẫu)",
        "Sở mẫu 1",
        2,
        "Lãnh đạo Sở mẫu 1, Phòng Tổng hợp",
    ),
    (
        2,
        time(8, 0),
        None,
        [0],
        "Tiếp công dân định kỳ (lịch mẫu)",
        "Trụ sở tiếp công dân thành phố",
        1,
        "Đại diện các sở, ngành liên quan",
    ),
    (
        3,
        time(9, 0),
        time(11, 0),
        [2],
        "Kiểm tra công tác cải cách hành chính tại Quận mẫu 1 (lịch mẫu)",
        "Quận mẫu 1",
        3,
        "Phòng Hành chính – Tổ chức",
    ),
    (4, None, None, [0, 1], "Làm việc tại trụ sở (lịch mẫu)", "", None, ""),
]


def _add_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_demo_organisation(site: Site | None = None, today: date | None = None) -> bool:
    """Create the demo's units, people, pages and schedule week once; False when they exist."""
    site = site or Site.objects.get(is_default_site=True)
    if Unit.objects.filter(site=site).exists():
        return False
    today = today or timezone.localdate()
    portal = PortalSettings.for_site(site)
    locale = Locale.get_default()
    with transaction.atomic():
        agency = Unit.objects.create(
            site=site,
            locale=locale,
            name=portal.managing_agency or "Văn phòng Ủy ban nhân dân",
            kind=UnitKind.AGENCY,
            address=portal.address,
            phone=portal.phones,
            email=portal.email,
            website=portal.site.root_url if portal.site_id else "",
            functions=(
                "<p>Tham mưu, giúp Ủy ban nhân dân thành phố tổ chức các hoạt động chung; quản lý và vận hành "
                "Cổng Thông tin điện tử thành phố. " + SAMPLE + "</p>"
            ),
            sort_order=0,
        )
        units = [
            Unit.objects.create(
                site=site,
                locale=locale,
                name=name,
                kind=kind,
                parent=agency,
                address=portal.address,
                phone=f"0225.3000.{n:03d}",
                email=f"donvimau{n}@example.gov.vn",
                functions=f"<p>Chức năng, nhiệm vụ của đơn vị mẫu {SAMPLE}.</p>",
                sort_order=n,
            )
            for n, (name, kind) in enumerate(UNITS, start=1)
        ]
        leaders = [
            Person.objects.create(
                site=site,
                locale=locale,
                name=name,
                title=title,
                unit=agency,
                is_leader=True,
                phone=f"0225.3100.{n:03d}",
                email=f"lanhdaomau{n}@example.gov.vn",
                tasks=f"Phụ trách chung các lĩnh vực được phân công {SAMPLE}.",
                biography=f"<p>Tóm tắt tiểu sử {SAMPLE}.</p>",
                sort_order=n,
            )
            for n, (name, title) in enumerate(LEADERS, start=1)
        ]
        if portal.editor_in_chief:
            # "Chánh Văn phòng Trần Huy Kiên": the seed names the title then the person (three words).
            words = portal.editor_in_chief.split()
            head_name, head_title = " ".join(words[-3:]), " ".join(words[:-3])
            agency.head = Person.objects.create(
                site=site,
                locale=locale,
                name=head_name,
                title=f"{head_title}, Trưởng Ban biên tập Cổng Thông tin điện tử".strip(", "),
                unit=agency,
                is_focal=True,
                phone=portal.phone_list[0] if portal.phone_list else "",
                email=portal.email,
                sort_order=0,
            )
            agency.save()
        for n, unit in enumerate(units, start=1):
            unit.head = Person.objects.create(
                site=site,
                locale=locale,
                name=f"Cán bộ mẫu {n}",
                title="Trưởng đơn vị (mẫu)",
                unit=unit,
                is_focal=True,
                phone=unit.phone,
                email=unit.email,
                sort_order=n,
            )
            unit.save()
        year, week = today.isocalendar()[:2]
        schedule_week = ScheduleWeek.objects.create(
            site=site, year=year, week=week, note=f"Lịch mẫu {SAMPLE}."
        )
        monday = date.fromisocalendar(year, week, 1)
        for n, (weekday, start, end, who, content, place, unit_index, participants) in enumerate(SCHEDULE):
            entry = ScheduleEntry.objects.create(
                week=schedule_week,
                sort_order=n,
                day=monday + timedelta(days=weekday),
                start_time=start,
                end_time=end,
                content=content,
                place=place,
                lead_unit=units[unit_index] if unit_index is not None else None,
                participants=participants,
            )
            entry.leaders.set([leaders[i] for i in who])
            entry.save()
        home = site.root_page.specific
        intro = _add_child(
            home,
            IntroductionPage(
                title="Giới thiệu",
                slug="gioi-thieu",
                show_in_menus=True,
                body=f"<p>{portal.portal_name} {portal.portal_area} do {agency.name} quản lý.</p>",
            ),
        )
        _add_child(intro, OrganisationChartPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc"))
        _add_child(
            intro, DirectoryPage(title="Danh bạ", slug="danh-ba", intro="Địa chỉ, điện thoại, thư điện tử.")
        )
        _add_child(home, SchedulePage(title="Lịch công tác", slug="lich-cong-tac", show_in_menus=True))
    return True
