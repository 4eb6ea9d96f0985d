"""Template helpers used by every public page."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from cong.core.address import public_base_url
from cong.core.text import format_local_datetime, meta_description

register = template.Library()


@register.filter
def vi_datetime(value: datetime | None) -> str:
    """{{ page.published_at|vi_datetime }} -> "Thứ Tư, 01/12/2021 08:30" ("Wednesday, ..." in English)."""
    return format_local_datetime(value)


@register.filter
def vi_date(value: datetime | None) -> str:
    return format_local_datetime(value, with_time=False)


@register.filter
def without_scheme(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """Serialise data for a <script type="application/ld+json"> block, safe against </script>."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@register.simple_tag
def description_meta(*candidates: Any) -> str:
    """{% description_meta page.meta_description fallback %}: one <meta name="description"> from the
    first candidate that has text (tags stripped, NFC, at most 160 characters), or nothing."""
    for candidate in candidates:
        text = meta_description(str(candidate or ""))
        if text:
            return format_html('<meta name="description" content="{}">', text)
    return ""


@register.simple_tag(takes_context=True)
def public_url(context: dict[str, Any], path: str = "/") -> str:
    """{% public_url path %}: the absolute URL of ``path`` at the portal's public address (CONG_BASE_URL)."""
    return public_base_url(context.get("request")) + (path if path.startswith("/") else "/" + path)


@register.simple_tag(takes_context=True)
def site_root(context: dict[str, Any]) -> Page | None:
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def main_menu(context: dict[str, Any]) -> list[Page]:
    """Top-level pages marked "show in menus" under the site's home page in the active language."""
    root = site_root(context)
    if root is None:
        return []
    return list(root.localized.get_children().live().public().in_menu())


@register.simple_tag
def breadcrumbs(page: Page) -> list[Page]:
    return list(page.get_ancestors().filter(depth__gt=1).only("title", "url_path", "path", "depth"))
