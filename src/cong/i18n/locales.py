"""The language code of a Wagtail locale id, without a query per request.

Locales are a handful of rows that change only when a language is added (a code change, docs/i18n.md),
so each process keeps id → language code; a locale saved or deleted in this process empties the copy.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale

_codes: dict[int, str] = {}


def language_code(locale_id: int) -> str:
    """``"vi"`` or ``"en"`` for a page's ``locale_id``."""
    code = _codes.get(locale_id)
    if code is None:
        _codes.clear()
        _codes.update(Locale.objects.values_list("pk", "language_code"))
        code = _codes[locale_id]
    return code


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def forget_codes(**kwargs: Any) -> None:
    _codes.clear()
