"""Public views: the city portal's list of shared articles, and each site's theme stylesheet."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from .models import ComponentSite, SiteTheme
from .scoping import origin_of
from .sharing import approved_shares

SHARED_PER_PAGE = 30


def shared_articles(request: HttpRequest) -> HttpResponse:
    """/tin-cong-thanh-phan/ on the city portal: approved shares, each linking to its original."""
    site = Site.find_for_request(request)
    if site is None or not site.is_default_site:
        raise Http404
    components = list(ComponentSite.objects.select_related("root_page"))
    items = []
    for share in approved_shares()[:SHARED_PER_PAGE]:
        article = share.article
        items.append(
            {
                "article": article,
                "url": article.get_full_url(request),
                "origin": origin_of(article.path, components),
                "decided_at": share.decided_at,
            }
        )
    return TemplateResponse(request, "sites/shared_articles.html", {"items": items})


def theme_css(request: HttpRequest) -> HttpResponse:
    """/giao-dien.css: the site's brand colour as CSS custom properties (a file: the CSP allows no inline
    style). Cached with the site's pages and invalidated with its settings."""
    site = Site.find_for_request(request)
    theme = SiteTheme.for_site(site) if site else None
    colour = theme.brand_colour if theme else ""
    css = f":root{{--brand:{colour};--brand-dark:{colour};}}\n" if colour else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
