"""Main menu, linked portals and the EMC tracking script for the public templates."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Site

from cong.navigation.menu import MenuEntry, menu_entries
from cong.navigation.models import LinkedPortal, TrackingSettings

register = template.Library()


def _site(context: template.Context) -> Site | None:
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def site_menu(context: template.Context) -> list[MenuEntry] | None:
    """{% site_menu as menu %}: the site's main menu, or None (no menu set: show the page tree)."""
    return menu_entries(context.get("request"), _site(context))


@register.simple_tag(takes_context=True)
def linked_portals(context: template.Context) -> list[LinkedPortal]:
    site = _site(context)
    return list(LinkedPortal.objects.filter(site=site, active=True)) if site else []


@register.simple_tag(takes_context=True)
def emc_tracking(context: template.Context) -> TrackingSettings | None:
    """The site's EMC settings when a script is set; allows its origin in this response's CSP."""
    request = context.get("request")
    if request is None or _site(context) is None:
        return None
    tracking = TrackingSettings.for_request(request)
    if not tracking.emc_origin:
        return None
    request.csp_extra_origin = tracking.emc_origin
    return tracking


@register.filter
def in_section(page: Any, entry: MenuEntry) -> bool:
    """True when ``page`` is the entry's page or below it."""
    path = getattr(page, "url_path", "") or ""
    return bool(entry.page_path) and path.startswith(entry.page_path)
