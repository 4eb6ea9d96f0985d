"""The schedule's iCalendar feeds parse back to the same events; edits invalidate exactly their weeks."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from icalendar import Calendar

from cong.organisation.models import Person, ScheduleEntry, ScheduleWeek, Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def status(client: Client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache", ""), response.content.decode()


def warm(client: Client, *urls: str) -> None:
    for url in urls:
        status(client, url)
        assert status(client, url)[0] == "hit", url


def test_ical_for_all_parses_back_to_the_same_events(org: Any, client: Client) -> None:
    response = client.get("/lich-cong-tac/ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    entries = ScheduleEntry.objects.all()
    assert len(events) == entries.count() == 5
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Ho_Chi_Minh"
    for entry in entries:
        event = events[f"lich-cong-tac-{entry.pk}@testserver"]
        assert str(event["summary"]) == entry.content
        assert str(event.get("location", "")) == entry.place
        start = event.decoded("dtstart")
        if entry.start_time:
            assert start == datetime.combine(entry.day, entry.start_time, tzinfo=TZ)
            assert start.utcoffset().total_seconds() == 7 * 3600
        else:
            assert start == entry.day
        for leader in entry.leaders.all():
            assert leader.name in str(event["description"])


def test_ical_per_leader_has_only_their_events(org: Any, client: Client) -> None:
    leader = Person.objects.get(name="Lãnh đạo mẫu 2")
    response = client.get(f"/lich-cong-tac/ical/{leader.slug}/")
    assert response.status_code == 200
    uids = {str(event["uid"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}
    expected = {
        f"lich-cong-tac-{entry.pk}@testserver" for entry in ScheduleEntry.objects.filter(leaders=leader)
    }
    assert uids == expected and len(uids) == 3


def test_editing_a_week_invalidates_exactly_that_week(org: Any, client: Client) -> None:
    other = ScheduleWeek.objects.create(site=org, year=2026, week=50)
    ScheduleEntry.objects.create(week=other, day=date(2026, 12, 8), content="Họp tuần sau")
    w49, w50, w48 = (
        "/lich-cong-tac/?tuan=2026-W49",
        "/lich-cong-tac/?tuan=2026-W50",
        "/lich-cong-tac/?tuan=2026-W48",
    )
    printable, feed = "/lich-cong-tac/in/?tuan=2026-W49", "/lich-cong-tac/ical/"
    warm(client, w49, w50, w48, printable, feed, "/gioi-thieu/")
    entry = ScheduleEntry.objects.filter(week__week=49).first()
    entry.content = "Nội dung đã đổi"
    entry.save()
    for url in (w49, printable, feed):
        cached, body = status(client, url)
        assert cached == "miss" and "Nội dung đã đổi" in body, url
    for url in (w50, w48, "/gioi-thieu/"):
        assert status(client, url)[0] == "hit", url


def test_moving_an_entry_to_another_week_refreshes_both(org: Any, client: Client) -> None:
    other = ScheduleWeek.objects.create(site=org, year=2026, week=50)
    w49, w50 = "/lich-cong-tac/?tuan=2026-W49", "/lich-cong-tac/?tuan=2026-W50"
    warm(client, w49, w50)
    entry = ScheduleEntry.objects.get(content__startswith="Tiếp công dân")
    entry.week, entry.day = other, date(2026, 12, 9)
    entry.save()
    assert "Tiếp công dân" not in status(client, w49)[1]
    assert "Tiếp công dân" in status(client, w50)[1]


def test_deleting_an_entry_and_changing_leaders(org: Any, client: Client) -> None:
    w49 = "/lich-cong-tac/?tuan=2026-W49"
    warm(client, w49)
    ScheduleEntry.objects.get(content__startswith="Tiếp công dân").delete()
    cached, html = status(client, w49)
    assert cached == "miss" and "Tiếp công dân" not in html
    warm(client, w49)
    entry = ScheduleEntry.objects.get(content__startswith="Giao ban")
    entry.leaders.remove(Person.objects.get(name="Lãnh đạo mẫu 3"))
    entry.save()  # a ParentalManyToManyField is written on save, as the admin does
    assert status(client, w49)[0] == "miss"
    assert list(entry.leaders.values_list("name", flat=True)) == ["Lãnh đạo mẫu 1", "Lãnh đạo mẫu 2"]


def test_organisation_edits_refresh_every_page(org: Any, client: Client) -> None:
    urls = [
        "/gioi-thieu/",
        "/gioi-thieu/co-cau-to-chuc/",
        "/gioi-thieu/danh-ba/",
        "/lich-cong-tac/?tuan=2026-W49",
    ]
    warm(client, *urls)
    unit = Unit.objects.get(parent__isnull=True)
    unit.address = "Địa chỉ mới số 1"
    unit.save()
    for url in urls:
        cached, html = status(client, url)
        assert cached == "miss" and "Địa chỉ mới số 1" in html, url
    warm(client, *urls)
    person = Person.objects.get(name="Lãnh đạo mẫu 1")
    person.name = "Lãnh đạo mẫu Một"
    person.save()
    assert "Lãnh đạo mẫu Một" in status(client, "/lich-cong-tac/?tuan=2026-W49")[1]


def test_entry_outside_its_week_is_refused(org: Any) -> None:
    week = ScheduleWeek.objects.get(week=49)
    entry = ScheduleEntry(
        week=week, day=date(2026, 12, 20), content="x", start_time=time(9), end_time=time(8)
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert {"day", "end_time"} <= set(error.value.message_dict)
