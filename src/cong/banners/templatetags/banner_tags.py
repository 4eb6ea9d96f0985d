from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Site

from cong.banners.models import Banner

register = template.Library()


@register.inclusion_tag("banners/slot.html", takes_context=True)
def banners(context: template.Context, placement: str) -> dict[str, Any]:
    """{% banners "sidebar" %}: the banners of the request's site showing now in that slot.

    The site is the one Wagtail found for the request (kept on the request, no query of its own)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"banners": [], "placement": placement}
    items = list(
        Banner.objects.current(placement, site.pk)
        .select_related("image")
        .prefetch_related("image__renditions")
    )
    return {"banners": items, "placement": placement}
