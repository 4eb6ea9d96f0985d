"""The sitemap with every language's pages, each translated page with its hreflang alternates."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap over the site's root page and its translations (/en/...)."""

    def items(self) -> Any:
        root = self.get_wagtail_site().root_page
        roots = [root, *root.get_translations().live()]
        trees = reduce(or_, (Q(path__startswith=r.path) for r in roots))
        return Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        urls = super()._urls(page, protocol, domain)
        translated = set(
            Page.objects.live()
            .public()
            .order_by()  # no ordering column in the GROUP BY
            .values("translation_key")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list("translation_key", flat=True)
        )
        by_location = {url["location"]: url for url in urls}
        for item in self.paginator.page(page).object_list:
            if item.translation_key not in translated:
                continue
            versions = [item, *item.get_translations().live().public().select_related("locale")]
            alternates = [
                {"lang_code": version.locale.language_code, "location": version.get_full_url(self.request)}
                for version in versions
            ]
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default is not None:
                alternates.append({"lang_code": "x-default", "location": default["location"]})
            entry = by_location.get(item.get_full_url(self.request))
            if entry is not None:
                entry["alternates"] = sorted(alternates[:-1], key=lambda a: a["lang_code"]) + alternates[-1:]
        return urls
