"""Admin: units, people and the weekly work schedule under one "Tổ chức" menu, each with a site filter."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, ScheduleWeek, Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = "Đơn vị"
    list_display = ["name", "kind", "parent", "phone", "site"]
    list_filter = ["site", "kind"]
    list_export = ["name", "kind", "parent", "head", "address", "phone", "fax", "email", "website", "site"]
    export_filename = "don-vi"
    search_backend_name = None
    search_fields = ["name", "address", "email"]
    ordering = ["site", "sort_order", "name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "Lãnh đạo, cán bộ"
    list_display = ["name", "title", "unit", "is_leader", "is_focal", "site"]
    list_filter = ["site", "is_leader", "is_focal"]
    list_export = ["name", "title", "unit", "phone", "email", "is_leader", "is_focal", "site"]
    export_filename = "can-bo"
    search_backend_name = None
    search_fields = ["name", "title", "email"]
    ordering = ["site", "sort_order", "name"]


class ScheduleWeekViewSet(SnippetViewSet):
    model = ScheduleWeek
    icon = "date"
    menu_label = "Lịch công tác"
    list_display = ["__str__", "site", "updated_at"]
    list_filter = ["site", "year"]
    list_export = ["year", "week", "site", "note", "updated_at"]
    export_filename = "lich-cong-tac"
    search_backend_name = None
    search_fields = ["note", "entries__content"]
    ordering = ["-year", "-week"]


class OrganisationGroup(SnippetViewSetGroup):
    items = (ScheduleWeekViewSet, UnitViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = "Tổ chức"
    menu_name = "to-chuc"
    menu_order = 260


register_snippet(OrganisationGroup)
