"""``{% language_versions page as versions %}``: the language switch and hreflang alternates of a page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.contrib.settings.models import BaseSiteSetting

from cong.i18n.links import hreflang_alternates, language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context: dict[str, Any], page: Any = None) -> dict[str, Any]:
    """{"links": [LanguageLink...], "alternates": [(hreflang, url)...]} for ``page`` (or none).

    Worked out once per request (the head's alternates and the switch both use it)."""
    request = context.get("request")
    memo = getattr(request, "_cong_language_versions", None) if request is not None else None
    key = getattr(page, "pk", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    links = language_links(request, page if page else None)
    versions = {"links": links, "alternates": hreflang_alternates(links)}
    if request is not None:
        request._cong_language_versions = (key, versions)
    return versions


@register.simple_tag(takes_context=True)
def portal_info(context: dict[str, Any]) -> BaseSiteSetting | None:
    """{% portal_info as portal %}: the site's portal settings, with their English texts on /en/."""
    from cong.core.models import PortalSettings

    request = context.get("request")
    if request is None:
        return None
    portal = PortalSettings.for_request(request)
    return portal.in_language(translation.get_language() or settings.LANGUAGE_CODE)
