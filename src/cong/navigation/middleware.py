"""Extends the public page's Content-Security-Policy for the EMC tracking script's origin, only when
the site has one set (the template that renders the script names it on the request)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class TrackingCspMiddleware:
    """Must sit inside (after) ``SecurityHeadersMiddleware``: django-csp reads ``_csp_update`` there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origin = getattr(request, "csp_extra_origin", "")
        if origin:
            response._csp_update = {"script-src": [origin], "connect-src": [origin], "img-src": [origin]}
        return response
