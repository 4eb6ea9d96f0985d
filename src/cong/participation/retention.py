"""Which questions' personal data is due for removal."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Question


def months_before(now: datetime, months: int) -> datetime:
    """The same local day and time ``months`` months earlier (clamped to the month's last day)."""
    local = timezone.localtime(now)
    year, month = divmod(local.month - 1 - months, 12)
    year, month = local.year + year, month + 1
    for day in range(local.day, 27, -1):
        try:
            return local.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return local.replace(year=year, month=month, day=min(local.day, 28))


def removal_due(months: int, now: datetime | None = None) -> QuerySet[Question]:
    """Questions still holding personal data whose answer (or closing) is older than ``months``."""
    cutoff = months_before(now or timezone.now(), months)
    closed = Q(status__in=[Question.Status.REJECTED, Question.Status.WITHDRAWN], updated_at__lte=cutoff)
    answered = Q(status=Question.Status.ANSWERED, published_at__lte=cutoff)
    holding = Q(personal_data_removed_at__isnull=True)
    return Question.objects.filter(holding & (answered | closed))
