"""Answer old NukeViet addresses with a permanent redirect to the imported page (cong.migrate_nukeviet)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from .legacy import resolve


class LegacyAddressMiddleware:
    """Only a 404 is looked at, so the portal's own pages pay nothing; an old address not found stays a
    404 and goes on to Wagtail's redirects (this middleware sits inside RedirectMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = resolve(request.path, request.GET, request)
        if target:
            return HttpResponsePermanentRedirect(target)
        return response
