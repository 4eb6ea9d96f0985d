"""Admin: Biên tập viên enters a week of the schedule at once; only Trưởng Ban biên tập and Quản trị
manage units and people; roles without permission are refused; lists filter by site."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cong.editorial.roles import ADMINISTRATOR, COLLABORATOR, EDITOR, HEAD, REPORTER
from cong.organisation.models import Person, ScheduleWeek, Unit

PASSWORD = "mat-khau-kiem-tra-9173"


@pytest.fixture
def staff(org: Any, django_user_model: Any) -> Any:
    def _make(role: str) -> Client:
        user = django_user_model.objects.create_user(
            username=f"u{Group.objects.get(name=role).pk}", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return _make


def week_form(org: Any, **extra: str) -> dict[str, str]:
    leader = Person.objects.get(name="Lãnh đạo mẫu 1")
    unit = Unit.objects.get(name="Sở mẫu 1")
    data = {
        "site": str(org.pk),
        "year": "2026",
        "week": "51",
        "note": "",
        "entries-TOTAL_FORMS": "2",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    for n, (day, hour, content) in enumerate(
        [("2026-12-14", "08:00", "Họp giao ban"), ("2026-12-16", "", "Tiếp dân")]
    ):
        data |= {
            f"entries-{n}-day": day,
            f"entries-{n}-start_time": hour,
            f"entries-{n}-end_time": "",
            f"entries-{n}-leaders": str(leader.pk),
            f"entries-{n}-content": content,
            f"entries-{n}-place": "Trụ sở",
            f"entries-{n}-lead_unit": str(unit.pk),
            f"entries-{n}-participants": "",
            f"entries-{n}-ORDER": str(n + 1),
            f"entries-{n}-id": "",
            f"entries-{n}-DELETE": "",
        }
    return data | extra


def test_editor_enters_a_whole_week(org: Any, staff: Any, client: Client) -> None:
    editor = staff(EDITOR)
    add = reverse("wagtailsnippets_organisation_scheduleweek:add")
    assert editor.get(add).status_code == 200
    response = editor.post(add, week_form(org))
    assert response.status_code == 302, response.content.decode()[-3000:]
    week = ScheduleWeek.objects.get(year=2026, week=51)
    assert [e.content for e in week.entries.order_by("day")] == ["Họp giao ban", "Tiếp dân"]
    assert list(week.entries.first().leaders.values_list("name", flat=True)) == ["Lãnh đạo mẫu 1"]
    assert "Họp giao ban" in client.get("/lich-cong-tac/?tuan=2026-W51").content.decode()


def test_a_day_outside_the_week_is_refused_with_a_message(org: Any, staff: Any) -> None:
    editor = staff(EDITOR)
    data = week_form(org, **{"entries-1-day": "2026-12-25"})
    response = editor.post(reverse("wagtailsnippets_organisation_scheduleweek:add"), data)
    assert response.status_code == 200
    assert "Ngày phải nằm trong tuần của lịch." in response.content.decode()
    assert not ScheduleWeek.objects.filter(week=51).exists()


@pytest.mark.parametrize("role", [REPORTER, COLLABORATOR])
def test_writers_cannot_touch_the_schedule_or_the_organisation(org: Any, staff: Any, role: str) -> None:
    client = staff(role)
    for name in ("scheduleweek", "unit", "person"):
        assert client.get(reverse(f"wagtailsnippets_organisation_{name}:list")).status_code in (302, 403)
        assert client.get(reverse(f"wagtailsnippets_organisation_{name}:add")).status_code in (302, 403)


def test_editor_cannot_change_units_or_people(org: Any, staff: Any) -> None:
    editor = staff(EDITOR)
    unit = Unit.objects.get(name="Sở mẫu 1")
    assert editor.get(reverse("wagtailsnippets_organisation_unit:add")).status_code in (302, 403)
    assert editor.get(reverse("wagtailsnippets_organisation_unit:edit", args=[unit.pk])).status_code in (
        302,
        403,
    )
    response = editor.post(reverse("wagtailsnippets_organisation_unit:delete", args=[unit.pk]))
    assert response.status_code in (302, 403) and Unit.objects.filter(pk=unit.pk).exists()


@pytest.mark.parametrize("role", [HEAD, ADMINISTRATOR])
def test_head_and_administrator_manage_the_organisation(org: Any, staff: Any, role: str) -> None:
    client = staff(role)
    unit = Unit.objects.get(name="Sở mẫu 1")
    assert client.get(reverse("wagtailsnippets_organisation_unit:edit", args=[unit.pk])).status_code == 200
    listing = client.get(reverse("wagtailsnippets_organisation_person:list"), {"site": str(org.pk)})
    assert listing.status_code == 200 and "Lãnh đạo mẫu 1" in listing.content.decode()
    export = client.get(
        reverse("wagtailsnippets_organisation_unit:list"), {"site": str(org.pk), "export": "csv"}
    )
    assert export.status_code == 200
    assert "Sở mẫu 1" in b"".join(export.streaming_content).decode("utf-8-sig")
