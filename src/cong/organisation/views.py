"""Public views of the organisation pages and the work schedule (dispatched from the page models)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from icalendar import Calendar, Event
from wagtail.models import Locale, Page, Site

from cong.core.text import WEEKDAYS, strip_diacritics
from cong.pagecache import depends_on, vary_on_query

from .tags import schedule_feed_tag, schedule_tag, week_label

if TYPE_CHECKING:
    from .models import DirectoryPage, IntroductionPage, OrganisationChartPage, Person, SchedulePage, Unit

MAX_QUERY_LENGTH = 100
MIN_YEAR, MAX_YEAR = 2000, 2100
FEED_PAST_DAYS, FEED_FUTURE_DAYS = 92, 366
FEED_MAX_AGE = 3600
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})")


def _model(name: str) -> Any:
    """A model of this app from Django's registry (the models module dispatches its routes here)."""
    return apps.get_model("organisation", name)


def _site(page: Page) -> Site:
    site = page.get_site()
    if site is None:
        raise Http404("Trang không thuộc trang (site) nào")
    return site


def _localised(model: type[Model], page: Page) -> QuerySet[Any]:
    """Rows of ``model`` of the page's site in the page's language; the default language's rows
    until the first translation exists."""
    rows = model.objects.filter(site=_site(page))
    own = rows.filter(locale_id=page.locale_id)
    if own.exists():
        return own
    return rows.filter(locale=Locale.get_default())


def _language(page: Page) -> str:
    return page.locale.language_code


def _chart_page(page: Page) -> OrganisationChartPage | None:
    """The organisation chart page of the page's site and language (where unit and person pages live)."""
    chart = _model("OrganisationChartPage").objects.live().filter(locale_id=page.locale_id)
    root = _site(page).root_page
    return chart.descendant_of(root).first() or chart.first()


def agency_context(page: Page) -> dict[str, Any]:
    """What every organisation page shows: the agency (top unit), the chart page and the language."""
    units = _localised(_model("Unit"), page).select_related("head")
    agency = units.filter(parent__isnull=True).order_by("sort_order", "pk").first()
    return {"agency": agency, "chart_page": _chart_page(page), "page_language": _language(page)}


def introduction_context(page: IntroductionPage, request: HttpRequest) -> dict[str, Any]:
    people = _localised(_model("Person"), page).select_related("unit", "photo")
    return {
        **agency_context(page),
        "leaders": people.filter(is_leader=True),
        "directory_page": _model("DirectoryPage").objects.live().filter(locale_id=page.locale_id).first(),
        "schedule_page": _model("SchedulePage").objects.live().filter(locale_id=page.locale_id).first(),
    }


@dataclass
class Node:
    unit: Unit
    children: list[Node] = field(default_factory=list)


def unit_tree(units: list[Unit]) -> list[Node]:
    """Units as a forest: a unit whose parent is missing (another site, deleted) becomes a root."""
    nodes = {unit.pk: Node(unit) for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def chart(page: OrganisationChartPage, request: HttpRequest) -> HttpResponse:
    units = list(_localised(_model("Unit"), page).select_related("head"))
    context = {**page.get_context(request), **agency_context(page), "tree": unit_tree(units)}
    return TemplateResponse(request, "organisation/chart.html", context)


def unit_detail(page: OrganisationChartPage, request: HttpRequest, slug: str) -> HttpResponse:
    unit = _localised(_model("Unit"), page).select_related("head", "parent").filter(slug=slug).first()
    if unit is None:
        raise Http404("Không có đơn vị này")
    context = {
        **page.get_context(request),
        **agency_context(page),
        "unit": unit,
        "people": unit.people.all().select_related("photo"),
        "children": unit.children.all(),
    }
    return TemplateResponse(request, "organisation/unit.html", context)


def person_detail(page: OrganisationChartPage, request: HttpRequest, slug: str) -> HttpResponse:
    person = _localised(_model("Person"), page).select_related("unit", "photo").filter(slug=slug).first()
    if person is None:
        raise Http404("Không có cán bộ này")
    schedule_page = _model("SchedulePage").objects.live().filter(locale_id=page.locale_id).first()
    context = {
        **page.get_context(request),
        **agency_context(page),
        "person": person,
        "schedule_page": schedule_page,
    }
    return TemplateResponse(request, "organisation/person.html", context)


def organisation_sitemap(page: OrganisationChartPage, request: HttpRequest | None) -> list[dict[str, Any]]:
    base = page.get_full_url(request) or ""
    urls = []
    for unit in _localised(_model("Unit"), page).only("slug"):
        urls.append({"location": base + page.reverse_subpage("unit", kwargs={"slug": unit.slug})})
    for person in _localised(_model("Person"), page).only("slug"):
        urls.append({"location": base + page.reverse_subpage("person", kwargs={"slug": person.slug})})
    return urls


def fold(text: str) -> str:
    """Lower case without Vietnamese marks, spaces squeezed: "Văn  phòng" -> "van phong"."""
    return " ".join(strip_diacritics(text).lower().split())


def directory(page: DirectoryPage, request: HttpRequest) -> HttpResponse:
    vary_on_query(request, "q")
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_LENGTH or "\x00" in query:
        context = {**page.get_context(request), **agency_context(page), "error": True, "query": ""}
        return TemplateResponse(request, "organisation/directory.html", context, status=400)
    folded = fold(query)
    units = list(_localised(_model("Unit"), page).select_related("head"))
    people = list(_localised(_model("Person"), page).select_related("unit"))
    if folded:
        units = [unit for unit in units if folded in fold(unit.search_text)]
        people = [person for person in people if folded in fold(person.search_text)]
    people = [person for person in people if person.is_leader or person.is_focal or folded]
    context = {
        **page.get_context(request),
        **agency_context(page),
        "query": query.strip(),
        "units": units,
        "people": people,
        "result_count": len(units) + len(people),
    }
    return TemplateResponse(request, "organisation/directory.html", context)


def parse_week(value: str | None, today: date) -> tuple[int, int] | None:
    """``"2026-W49"`` (or ``2026W49``) -> (2026, 49); no value -> this week; None when invalid."""
    if not value:
        return today.isocalendar()[:2]
    match = _WEEK.fullmatch(value.strip())
    if match is None:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return year, week


@dataclass
class Day:
    day: date
    weekday: str
    entries: list[Any]


def _leaders_in(page: Page) -> dict[int, Person]:
    """Leaders of the page's site by the primary key of their default-language row, in the page's
    language where a translation exists."""
    people = _model("Person").objects.filter(site=_site(page), is_leader=True)
    default = {p.translation_key: p for p in people.filter(locale=Locale.get_default())}
    own = {p.translation_key: p for p in people.filter(locale_id=page.locale_id)}
    return {person.pk: own.get(key, person) for key, person in default.items()}


def _week_entries(site: Site, start: date, end: date, person: Person | None = None) -> QuerySet[Any]:
    entries = _model("ScheduleEntry").objects.filter(week__site=site, day__gte=start, day__lte=end)
    if person is not None:
        entries = entries.filter(leaders=person)
    return (
        entries.select_related("lead_unit", "week")
        .prefetch_related(
            Prefetch("leaders", queryset=_model("Person").objects.order_by("sort_order", "name"))
        )
        .order_by("day", "start_time", "sort_order", "pk")
    )


def _seconds_to_next_week(now: datetime) -> int:
    local = timezone.localtime(now)
    monday = local.date() + timedelta(days=7 - local.weekday())
    boundary = datetime.combine(monday, time.min, tzinfo=local.tzinfo)
    return max(1, int((boundary - local).total_seconds()))


def schedule_week(page: SchedulePage, request: HttpRequest, printable: bool) -> HttpResponse:
    vary_on_query(request, "tuan")
    site = _site(page)
    now = timezone.now()
    requested = request.GET.get("tuan")
    parsed = parse_week(requested, timezone.localdate(now))
    template = "organisation/schedule_print.html" if printable else "organisation/schedule.html"
    base = {**page.get_context(request), **agency_context(page), "printable": printable}
    if parsed is None:
        return TemplateResponse(request, template, {**base, "bad_week": True}, status=400)
    year, week = parsed
    Week = _model("ScheduleWeek")
    depends_on(request, schedule_tag(site.pk, year, week))
    start = date.fromisocalendar(year, week, 1)
    end = start + timedelta(days=6)
    leaders = _leaders_in(page)
    by_day: dict[date, list[Any]] = defaultdict(list)
    for entry in _week_entries(site, start, end):
        entry.shown_leaders = [leaders.get(person.pk, person) for person in entry.leaders.all()]
        by_day[entry.day].append(entry)
    days = [Day(start + timedelta(days=n), WEEKDAYS[n], by_day[start + timedelta(days=n)]) for n in range(7)]
    previous, following = start - timedelta(days=7), start + timedelta(days=7)
    context = {
        **base,
        "year": year,
        "week": week,
        "week_label": week_label(year, week),
        "start": start,
        "end": end,
        "days": days,
        "has_entries": any(day.entries for day in days),
        "schedule_week": Week.objects.filter(site=site, year=year, week=week).first(),
        "previous_week": week_label(*previous.isocalendar()[:2]),
        "next_week": week_label(*following.isocalendar()[:2]),
        "is_current": (year, week) == timezone.localdate(now).isocalendar()[:2],
        "leaders": sorted(leaders.values(), key=lambda p: (p.sort_order, p.name)),
    }
    response = TemplateResponse(request, template, context)
    if not requested:  # "this week" changes by itself on Monday at 00:00
        patch_cache_control(response, max_age=_seconds_to_next_week(now))
    return response


def _event(entry: Any, host: str, tz: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"lich-cong-tac-{entry.pk}@{host}")
    event.add("dtstamp", entry.week.updated_at)
    if entry.start_time:
        event.add("dtstart", datetime.combine(entry.day, entry.start_time, tzinfo=tz))
        if entry.end_time:
            event.add("dtend", datetime.combine(entry.day, entry.end_time, tzinfo=tz))
    else:
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
    event.add("summary", entry.content.splitlines()[0][:200] if entry.content else "")
    details = [entry.content]
    names = ", ".join(person.name for person in entry.leaders.all())
    if names:
        details.append(f"Lãnh đạo: {names}")
    if entry.lead_unit:
        details.append(f"Đơn vị chủ trì: {entry.lead_unit.name}")
    if entry.participants:
        details.append(f"Thành phần: {entry.participants}")
    event.add("description", "\n".join(details))
    if entry.place:
        event.add("location", entry.place)
    return event


def build_calendar(page: SchedulePage, entries: QuerySet[Any], name: str, host: str) -> Calendar:
    """An RFC 5545 calendar of the entries, times in Asia/Ho_Chi_Minh with its VTIMEZONE."""
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Cong//Lich cong tac//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(_event(entry, host, tz))
    calendar.add_missing_timezones()
    return calendar


def schedule_ical(page: SchedulePage, request: HttpRequest, slug: str | None) -> HttpResponse:
    site = _site(page)
    depends_on(request, schedule_feed_tag(site.pk))
    person = None
    if slug is not None:
        person = (
            _model("Person")
            .objects.filter(site=site, slug=slug, is_leader=True)
            .order_by("locale_id")
            .first()
        )
        if person is None:
            raise Http404("Không có lãnh đạo này")
        if person.locale_id != Locale.get_default().pk:
            person = person.get_translation(Locale.get_default())
    today = timezone.localdate()
    entries = _week_entries(
        site, today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_FUTURE_DAYS), person
    )
    name = f"{page.title}: {person.name}" if person else page.title
    calendar = build_calendar(page, entries, name, request.get_host().split(":")[0] or site.hostname)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug or "lich-cong-tac"}.ics"'
    patch_cache_control(response, max_age=FEED_MAX_AGE)
    return response
