"""Every organisation page type renders the organisation's data; bad input is a 4xx, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cong.organisation.demo import build_demo_organisation
from cong.organisation.models import Person, Unit

AGENCY = "Văn phòng Ủy ban nhân dân thành phố Hải Phòng"


def pages() -> list[str]:
    unit = Unit.objects.get(name="Sở mẫu 1")
    person = Person.objects.get(name="Lãnh đạo mẫu 1")
    return [
        "/gioi-thieu/",
        "/gioi-thieu/co-cau-to-chuc/",
        f"/gioi-thieu/co-cau-to-chuc/don-vi/{unit.slug}/",
        f"/gioi-thieu/co-cau-to-chuc/can-bo/{person.slug}/",
        "/gioi-thieu/danh-ba/",
        "/lich-cong-tac/?tuan=2026-W49",
        "/lich-cong-tac/in/?tuan=2026-W49",
    ]


def test_every_page_type_shows_the_agency(org: Any, client: Client) -> None:
    for url in pages():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert AGENCY in html, url
        assert "schema.org/GovernmentOrganization" in html, url


def test_chart_is_a_nested_list_with_microdata(org: Any, client: Client) -> None:
    html = client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert html.count('<ul class="org-tree">') == 2  # the agency, and its units one level below
    assert "Phòng Tổng hợp (đơn vị mẫu)" in html and "Huyện mẫu 1" in html
    assert 'itemtype="https://schema.org/Person"' in html


def test_person_page_shows_contacts(org: Any, client: Client) -> None:
    person = Person.objects.get(name="Lãnh đạo mẫu 2")
    html = client.get(f"/gioi-thieu/co-cau-to-chuc/can-bo/{person.slug}/").content.decode()
    for text in (person.title, person.email, person.phone, "Tóm tắt tiểu sử", 'itemprop="jobTitle"'):
        assert text in html


def test_head_of_the_editorial_board_from_the_seed(org: Any, client: Client) -> None:
    agency = Unit.objects.get(parent__isnull=True)
    assert agency.head.name == "Trần Huy Kiên"
    assert "Trần Huy Kiên" in client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("so mau", "Sở mẫu 1"),
        ("SỞ MẪU", "Sở mẫu 1"),
        ("lanh dao mau 3", "Lãnh đạo mẫu 3"),
        ("huyen", "Huyện mẫu 1"),
    ],
)
def test_directory_search_without_diacritics(org: Any, client: Client, query: str, expected: str) -> None:
    response = client.get("/gioi-thieu/danh-ba/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert "Quận mẫu 1" not in html


def test_directory_refuses_absurd_queries(org: Any, client: Client) -> None:
    assert client.get("/gioi-thieu/danh-ba/", {"q": "x" * 5000}).status_code == 400
    assert client.get("/gioi-thieu/danh-ba/?q=%00").status_code == 400


@pytest.mark.parametrize(
    "value", ["garbage", "2026-W54", "2026-W00", "99999-W01", "1900-W10", "2026-W" + "9" * 400, "%00"]
)
def test_bad_weeks_are_4xx(org: Any, client: Client, value: str) -> None:
    for url in ("/lich-cong-tac/", "/lich-cong-tac/in/"):
        status = client.get(f"{url}?tuan={value}").status_code
        assert 400 <= status < 500, (url, value, status)


def test_unknown_units_and_leaders_are_404(org: Any, client: Client) -> None:
    assert client.get("/gioi-thieu/co-cau-to-chuc/don-vi/khong-co/").status_code == 404
    assert client.get("/gioi-thieu/co-cau-to-chuc/can-bo/khong-co/").status_code == 404
    assert client.get("/lich-cong-tac/ical/khong-co/").status_code == 404


def test_week_view_lists_the_week_with_navigation(org: Any, client: Client) -> None:
    html = client.get("/lich-cong-tac/?tuan=2026-W49").content.decode()
    assert "Thứ Hai, 30/11/2026" in html and "Chủ Nhật, 06/12/2026" in html
    assert "Giao ban lãnh đạo" in html and "Lãnh đạo mẫu 1" in html
    assert "?tuan=2026-W48" in html and "?tuan=2026-W50" in html
    assert "Chưa có lịch công tác" in client.get("/lich-cong-tac/?tuan=2026-W50").content.decode()


def test_this_week_expires_at_the_week_boundary(org: Any, client: Client) -> None:
    response = client.get("/lich-cong-tac/")
    assert response.status_code == 200
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 7 * 24 * 3600


def test_demo_is_idempotent(org: Any) -> None:
    counts = (Unit.objects.count(), Person.objects.count())
    assert build_demo_organisation(org) is False
    assert (Unit.objects.count(), Person.objects.count()) == counts
