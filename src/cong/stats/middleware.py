"""A fast lane for the counter: cookie-less hits (and the summary) are answered before sessions, CSRF,
locale and auth.

Readers never carry a session cookie (the public site sets none), so their beacons skip the whole
middleware stack. A hit that carries a session cookie goes the normal way through the URLconf, where
the authentication middleware recognises a logged-in editor, whose views are not counted.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import views

FAST_LANE: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/stats/hit": views.hit,
    "/stats/hit.gif": views.pixel,
    "/stats/summary.json": views.summary_json,  # asked for by every page view; needs no session
}


class StatsHitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = FAST_LANE.get(request.path_info)
        if view is not None and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return view(request)
        return self.get_response(request)
