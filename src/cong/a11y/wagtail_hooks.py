"""Admin accessibility fixes that Wagtail itself does not ship yet."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks


@hooks.register("insert_editor_js")
def draftail_labels() -> SafeString:
    """Give each rich text editor an accessible name (wagtail/wagtail#14205, axe aria-input-field-name)."""
    return format_html('<script src="{}" defer></script>', static("a11y/js/draftail-labels.js"))
