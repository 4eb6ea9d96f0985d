"""What empties the page cache when the organisation or the schedule changes.

Units and people show on many pages (the introduction, the chart, unit and person pages, the
directory, the schedule), so any change to them starts a new generation for the whole cache. A
schedule change invalidates only the tags of the weeks it touches and of the iCalendar feeds.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from .models import Person, ScheduleEntry, ScheduleWeek, Unit
from .tags import schedule_tag


def _remember_week(sender: type, instance: ScheduleWeek | ScheduleEntry, **kwargs: Any) -> None:
    """Note which week a row belonged to when it was loaded (no query): a week renumbered, or an
    entry moved to another week, empties the old week too."""
    if isinstance(instance, ScheduleWeek):
        instance._loaded_week = (instance.site_id, instance.year, instance.week) if instance.pk else None
    else:
        instance._loaded_week_id = instance.week_id if instance.pk else None


def _tags(instance: ScheduleWeek | ScheduleEntry) -> list[str]:
    if isinstance(instance, ScheduleWeek):
        loaded = getattr(instance, "_loaded_week", None)
        old = [schedule_tag(*loaded)] if loaded and None not in loaded else []
        instance._loaded_week = (instance.site_id, instance.year, instance.week)
        return [*old, *instance.tags]
    week_ids = {instance.week_id, getattr(instance, "_loaded_week_id", None)} - {None}
    instance._loaded_week_id = instance.week_id
    return [tag for week in ScheduleWeek.objects.filter(pk__in=week_ids) for tag in week.tags]


def _on_schedule_change(sender: type, instance: ScheduleWeek | ScheduleEntry, **kwargs: Any) -> None:
    from cong.pagecache.invalidation import invalidate_tags

    invalidate_tags(*_tags(instance))


def _on_leaders_change(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, ScheduleEntry):
        _on_schedule_change(ScheduleEntry, instance)


def connect() -> None:
    if not apps.is_installed("cong.pagecache"):
        return
    from cong.pagecache.invalidation import register_model

    for model in (Unit, Person):
        register_model(model)
    for model in (ScheduleWeek, ScheduleEntry):
        uid = f"organisation:{model._meta.label}"
        post_init.connect(_remember_week, sender=model, dispatch_uid=f"{uid}:init")
        post_save.connect(_on_schedule_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_schedule_change, sender=model, dispatch_uid=f"{uid}:delete")
    m2m_changed.connect(
        _on_leaders_change, sender=ScheduleEntry.leaders.through, dispatch_uid="organisation:leaders"
    )
