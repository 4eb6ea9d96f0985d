"""The public way other apps find a unit of the organisation (e.g. ``new_site --parent-unit``)."""

from __future__ import annotations

from wagtail.models import Locale, Site

from cong.core.text import nfc, slugify_vi

from .models import Unit


def find_unit(text: str, site: Site | None = None) -> Unit | None:
    """The unit of ``site`` (default: the city portal's) whose slug or name is ``text``, in the
    default language: an exact slug first, then the name (any case), then the slug made from ``text``;
    ``None`` when there is none."""
    text = nfc(text.strip())
    if not text:
        return None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    units = Unit.objects.filter(site=site)
    try:
        units = units.filter(locale=Locale.get_default())
    except Locale.DoesNotExist:
        pass
    by_slug = units.filter(slug=text).first()
    if by_slug is not None:
        return by_slug
    # Names compared in Python: SQLite's case-insensitive match knows only ASCII (a city has at
    # most a few hundred units).
    wanted = text.casefold()
    for unit in units.order_by("sort_order", "pk"):
        if nfc(unit.name).casefold() == wanted:
            return unit
    return units.filter(slug=slugify_vi(text)).first()
