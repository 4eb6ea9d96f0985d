"""The admin's week-at-a-time schedule editor: every activity must fall inside the week."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm


class ScheduleWeekForm(WagtailAdminModelForm):
    def is_valid(self) -> bool:
        """The week and its activities are valid, and every activity's day is in that week."""
        if not super().is_valid():
            return False
        week = (self.cleaned_data.get("year"), self.cleaned_data.get("week"))
        valid = True
        for form in self.formsets["entries"].forms:
            data = getattr(form, "cleaned_data", {})
            day = data.get("day")
            if day and not data.get("DELETE") and tuple(day.isocalendar()[:2]) != week:
                form.add_error("day", "Ngày phải nằm trong tuần của lịch.")
                valid = False
        return valid
