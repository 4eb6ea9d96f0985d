from __future__ import annotations

from typing import Any

from django import template

from cong.banners.models import Banner

register = template.Library()


@register.inclusion_tag("banners/slot.html")
def banners(placement: str) -> dict[str, Any]:
    """{% banners "sidebar" %}: the banners showing now in that slot."""
    items = list(
        Banner.objects.current(placement).select_related("image").prefetch_related("image__renditions")
    )
    return {"banners": items, "placement": placement}
