"""Create translations of pages in code (the demo, tests); editors use the admin's "Dịch" action."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page

from .links import ensure_locales


@transaction.atomic
def translate_page(
    page: Page, language: str, user: Any = None, exclude_fields: list[str] | None = None, **fields: Any
) -> Page:
    """The live translation of ``page`` into ``language`` with ``fields`` set (title, slug, intro…).

    Creates it (Wagtail's ``copy_for_translation``: same tree position in the other locale, its parent
    must already be translated) or updates the existing one, then publishes it. ``exclude_fields`` are
    not copied (unique ones, such as an article's old address).
    """
    ensure_locales()
    locale = Locale.objects.get(language_code=language)
    page = page.specific
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=False, exclude_fields=exclude_fields)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision(user=user).publish(user=user)
    translated.refresh_from_db()
    return translated
