"""RSS 2.0 and Atom 1.0 feeds of the whole portal and of each category, in the request's language.

Built on ``django.contrib.syndication``; answered through the page cache like any page (a publish
starts a new generation, so a feed is never stale). Addresses: ``/rss/``, ``/atom/``,
``/rss/<category-slug>/``, ``/atom/<category-slug>/``, and the same under ``/en/``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cong.core.address import public_base_url
from cong.core.models import PortalSettings
from cong.i18n.links import home_for
from cong.news.models import ArticlePage, CategoryPage, HomePage

FEED_ITEMS = 30


class PortalRssFeed(Feed):
    """The latest articles of the portal (``slug`` empty) or of one category, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def __init__(self) -> None:
        self._obj: dict[str, Any] = {}  # one instance per request (see rss_view): item links need it

    def get_object(self, request: HttpRequest, slug: str = "") -> dict[str, Any]:
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
        language = translation.get_language() or settings.LANGUAGE_CODE
        home = home_for(site, language)
        if home is None:
            raise Http404
        category = None
        if slug:
            category = CategoryPage.objects.child_of(home).live().public().filter(slug=slug).first()
            if category is None:
                raise Http404
        portal = PortalSettings.for_site(site).in_language(language)
        self._obj = {
            "request": request,
            "home": home,
            "category": category,
            "portal": portal,
            "language": language,
            "base": public_base_url(request),
        }
        return self._obj

    def title(self, obj: dict[str, Any]) -> str:
        name = f"{obj['portal'].portal_name} {obj['portal'].portal_area}".strip()
        return f"{obj['category'].title} | {name}" if obj["category"] else name

    def link(self, obj: dict[str, Any]) -> str:
        return _page_url(obj["category"] or obj["home"], obj)

    def feed_url(self, obj: dict[str, Any]) -> str:
        return obj["base"] + obj["request"].path

    def description(self, obj: dict[str, Any]) -> str:
        if obj["category"]:
            return _("Tin mới nhất chuyên mục %(category)s") % {"category": obj["category"].title}
        return _("Tin mới nhất trên %(portal)s") % {"portal": self.title(obj)}

    def subtitle(self, obj: dict[str, Any]) -> str:
        return self.description(obj)

    def author_name(self, obj: dict[str, Any]) -> str:
        return obj["portal"].managing_agency or obj["portal"].portal_name

    def items(self, obj: dict[str, Any]) -> list[ArticlePage]:
        articles = ArticlePage.objects.live().public().descendant_of(obj["category"] or obj["home"])
        if obj["category"] is None:
            # A component site's home under a path of this one (cong.sites, path-prefix mode) is a
            # portal of its own: its articles stay out of this feed, as out of this home page's lists.
            for component_home in HomePage.objects.child_of(obj["home"]):
                articles = articles.not_descendant_of(component_home, inclusive=True)
        articles = articles.defer_streamfields().order_by("-published_at", "-first_published_at", "-pk")
        return list(articles[:FEED_ITEMS])

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lede or item.search_description or item.title

    def item_link(self, item: ArticlePage) -> str:
        return _page_url(item, self._obj)

    def item_guid(self, item: ArticlePage) -> str:
        return _page_url(item, self._obj)

    def item_pubdate(self, item: ArticlePage) -> datetime | None:
        return item.display_date

    def item_updateddate(self, item: ArticlePage) -> datetime | None:
        return item.last_published_at or item.display_date

    def item_author_name(self, item: ArticlePage) -> str | None:
        return ", ".join(item.authors) or None


class PortalAtomFeed(PortalRssFeed):
    """The same articles as Atom 1.0."""

    feed_type = Atom1Feed


def _page_url(page: Page, obj: dict[str, Any]) -> str:
    parts = page.get_url_parts(obj["request"])
    return obj["base"] + (parts[2] if parts else "/")


def rss_view(request: HttpRequest, slug: str = "") -> HttpResponse:
    """RSS 2.0 of the portal or of a category (a fresh feed object per request)."""
    return PortalRssFeed()(request, slug=slug)


def atom_view(request: HttpRequest, slug: str = "") -> HttpResponse:
    """Atom 1.0 of the portal or of a category."""
    return PortalAtomFeed()(request, slug=slug)
