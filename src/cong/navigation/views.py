"""Thủ tục hành chính: the list of procedures and online services, each linking to its service portal."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from .models import ProcedureLink


def procedures(request: HttpRequest) -> HttpResponse:
    """All active procedures of the site, grouped by field (lĩnh vực)."""
    site = Site.find_for_request(request)
    items = list(ProcedureLink.objects.filter(site=site, active=True)) if site else []
    groups = [(name, list(rows)) for name, rows in groupby(items, key=lambda item: item.display_field)]
    return TemplateResponse(request, "navigation/procedures.html", {"groups": groups})
