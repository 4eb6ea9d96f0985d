"""Dublin Core ``<meta>`` for articles and documents, and the feeds' autodiscovery ``<link>``s."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from cong.core.address import public_base_url

register = template.Library()


def _w3cdtf(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat(
            timespec="seconds"
        )
    return value.isoformat()


def _publisher(context: template.Context) -> str:
    portal = context.get("portal")
    if portal is None:
        return ""
    return portal.managing_agency or f"{portal.portal_name} {portal.portal_area}".strip()


@register.inclusion_tag("syndication/dublin_core.html", takes_context=True)
def dublin_core_article(context: template.Context, page: Page) -> dict[str, Any]:
    """DC.title, creator, date, description, publisher, identifier (the public URL), language."""
    request = context.get("request")
    parts = page.get_url_parts(request)
    authors = getattr(page, "authors", []) or []
    return {
        "dc": {
            "title": page.title,
            "creator": ", ".join(authors) or getattr(page, "source", "") or _publisher(context),
            "date": _w3cdtf(getattr(page, "display_date", None) or page.first_published_at),
            "description": getattr(page, "lede", "") or page.search_description,
            "publisher": _publisher(context),
            "identifier": public_base_url(request) + (parts[2] if parts else "/"),
            "language": page.locale.language_code,
        }
    }


@register.inclusion_tag("syndication/dublin_core.html", takes_context=True)
def dublin_core_document(context: template.Context, document: Any, path: str) -> dict[str, Any]:
    """Dublin Core of a legal document (văn bản): its number and type as the title, the issuer as creator."""
    request = context.get("request")
    issuer = getattr(document, "issuer", None)
    return {
        "dc": {
            "title": f"{document.get_doc_type_display()} {document.number}",
            "creator": str(issuer) if issuer else _publisher(context),
            "date": _w3cdtf(document.issued_on),
            "description": document.abstract,
            "publisher": _publisher(context),
            "identifier": public_base_url(request) + path,
            "language": settings.LANGUAGE_CODE,
        }
    }


@register.inclusion_tag("syndication/feed_links.html", takes_context=True)
def feed_links(context: template.Context, page: Any = None) -> dict[str, Any]:
    """Autodiscovery links: the portal's feeds in this language, and the category's when on one."""
    request = context.get("request")
    base = public_base_url(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    links = [
        ("application/rss+xml", _("Tin mới (RSS)"), base + reverse("feed_rss")),
        ("application/atom+xml", _("Tin mới (Atom)"), base + reverse("feed_atom")),
    ]
    category = _category_of(page)
    if category is not None and category.locale.language_code == language:
        title = category.title
        links += [
            (
                "application/rss+xml",
                f"{title} (RSS)",
                base + reverse("feed_rss_category", args=[category.slug]),
            ),
            (
                "application/atom+xml",
                f"{title} (Atom)",
                base + reverse("feed_atom_category", args=[category.slug]),
            ),
        ]
    return {"feed_links": links}


def _category_of(page: Any) -> Page | None:
    """The category page itself, or an article's category (its parent)."""
    from cong.news.models import ArticlePage, CategoryPage

    if isinstance(page, CategoryPage):
        return page
    if isinstance(page, ArticlePage):
        parent = page.get_parent()
        return parent.specific if parent is not None and parent.specific_class is CategoryPage else None
    return None
