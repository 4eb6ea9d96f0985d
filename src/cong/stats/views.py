"""Public endpoints: the hit beacon, the no-JS pixel, the summary JSON, the stats and privacy pages.

None of them sets a cookie. Hits are never cached (no-store); numbers are cacheable for 10 seconds.
"""

from __future__ import annotations

import base64
import json

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from .backends import get_backend
from .counting import count_hit, page_views, summarize
from .filters import (
    MAX_PATH_LENGTH,
    MAX_USER_AGENT_LENGTH,
    client_ip,
    is_bot,
    is_cross_site,
    is_prefetch,
    normalize_path,
    resolver,
)

MAX_BODY_BYTES = 2 * MAX_PATH_LENGTH
SUMMARY_MAX_AGE = 10
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _no_store(response: HttpResponse, outcome: str) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Cong-Stats"] = outcome
    return response


def _reply(status: int, outcome: str, pixel: bool) -> HttpResponse:
    if pixel and status < 300:
        return _no_store(HttpResponse(PIXEL, content_type="image/gif"), outcome)
    return _no_store(HttpResponse(status=status), outcome)


def _valid_host(request: HttpRequest) -> bool:
    """False for a Host header outside ALLOWED_HOSTS (answered here with a plain 400: the site's
    400 page itself needs a valid host)."""
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def _count(request: HttpRequest, raw_path: str, pixel: bool = False) -> HttpResponse:
    if not _valid_host(request):
        return _reply(400, "bad-host", False)
    path = normalize_path(raw_path)
    if path is None:
        return _reply(400, "bad-path", pixel)
    if is_cross_site(request):
        return _reply(403, "cross-site", pixel)
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if len(user_agent) > MAX_USER_AGENT_LENGTH:
        return _reply(400, "bad-user-agent", pixel)
    if is_prefetch(request):
        return _reply(204, "ignored-prefetch", pixel)
    if is_bot(user_agent):
        return _reply(204, "ignored-bot", pixel)
    site = resolver.site(request)
    page_id = resolver.page_id(*site, path) if site else None
    if site is None or page_id is None:
        return _reply(404, "not-a-page", pixel)
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return _reply(204, "ignored-editor", pixel)
    count_hit(timezone.now(), client_ip(request), user_agent, site[0], page_id)
    return _reply(204, "counted", pixel)


@csrf_exempt
def hit(request: HttpRequest) -> HttpResponse:
    """``POST /stats/hit`` with the page path as the body (navigator.sendBeacon)."""
    if request.method != "POST":
        return _no_store(HttpResponse(status=405, headers={"Allow": "POST"}), "bad-method")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _reply(400, "bad-length", False)
    if length > MAX_BODY_BYTES:
        return _reply(413, "too-large", False)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _reply(413, "too-large", False)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _reply(400, "bad-encoding", False)
    return _count(request, text)


def pixel(request: HttpRequest) -> HttpResponse:
    """``GET /stats/hit.gif?p=/path/``: the counter for readers without JavaScript (in <noscript>)."""
    if request.method not in ("GET", "HEAD"):
        return _no_store(HttpResponse(status=405, headers={"Allow": "GET, HEAD"}), "bad-method")
    raw = request.GET.get("p", "")
    if request.method == "HEAD":
        return _reply(204, "ignored-head", True)
    return _count(request, raw, pixel=True)


def _cacheable(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={SUMMARY_MAX_AGE}"
    return response


def summary_json(request: HttpRequest) -> HttpResponse:
    """``GET /stats/summary.json[?p=/path/]``: the five numbers, plus the page's views when asked."""
    if not _valid_host(request):
        return _reply(400, "bad-host", False)
    now = timezone.now()
    backend = get_backend()
    backend.maybe_maintain(now)
    data: dict[str, int | None] = dict(summarize(now, backend).as_dict())
    if "p" in request.GET:
        path = normalize_path(request.GET["p"])
        site = resolver.site(request) if path else None
        page_id = resolver.page_id(*site, path) if site and path else None
        if page_id is None:
            return _no_store(JsonResponse({"error": "not-a-page"}, status=404), "not-a-page")
        data["views"] = page_views(page_id, now, backend)
    response = HttpResponse(json.dumps(data), content_type="application/json")
    return _cacheable(response)


def stats_page(request: HttpRequest) -> HttpResponse:
    """``/thong-ke/``: the same numbers rendered on the server (for readers without JavaScript)."""
    summary = summarize(timezone.now())
    return _cacheable(TemplateResponse(request, "stats/stats_page.html", {"summary": summary}))


def privacy_page(request: HttpRequest) -> HttpResponse:
    """``/thong-ke/quyen-rieng-tu/``: how visits are counted, in Vietnamese."""
    response = TemplateResponse(request, "stats/privacy.html", {})
    response["Cache-Control"] = "public, max-age=3600"
    return response
