"""The portal's identity in the admin's branding blocks."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from wagtail.models import Site

from cong.core.models import PortalSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_identity(context: dict[str, Any]) -> str:
    """ "Cổng Thông tin điện tử thành phố Hải Phòng": the portal's name from its settings."""
    request = context.get("request")
    site = (Site.find_for_request(request) if request else None) or Site.objects.filter(
        is_default_site=True
    ).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    portal = PortalSettings.for_site(site)
    return f"{portal.portal_name} {portal.portal_area}".strip()
