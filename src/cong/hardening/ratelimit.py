"""Per-client request limits for the expensive or abusable endpoints, when no nginx is in front.

The shipped nginx config has the same limits (``limit_req``, deploy/nginx.conf); this middleware is
for a portal served by ``./cong serve`` alone, and a second line behind nginx. A fixed-window counter
per client and rule lives in the shared cache (Redis or the file cache, so all workers share it),
keyed by a keyed hash of the client's address (IPv6: its /64): no raw address is ever stored. Over the
limit the answer is ``429`` with ``Retry-After`` and a short Vietnamese page.

Page-cache hits are answered before this middleware and cost nothing, so they are never limited.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from cong.core.net import address_group, client_address


@dataclass(frozen=True)
class Rule:
    """``limit`` requests per ``window`` seconds for one client on the endpoints ``applies`` matches."""

    name: str
    limit: int
    window: int
    applies: Callable[[HttpRequest], bool]


SUGGESTIONS = "/tim-kiem/goi-y/"


def _search(request: HttpRequest) -> bool:
    return request.path_info.startswith("/tim-kiem/") and not _suggest(request)


def _suggest(request: HttpRequest) -> bool:
    """Suggestions as you type: a request per pause in typing, counted apart from searches."""
    return request.path_info.startswith(SUGGESTIONS)


def _documents(request: HttpRequest) -> bool:
    return request.path_info.startswith(settings.RATE_LIMIT_DOCUMENTS_PREFIX) and bool(
        request.META.get("QUERY_STRING")
    )


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _stats(request: HttpRequest) -> bool:
    return request.path_info in ("/stats/hit", "/stats/hit.gif")


def _login(request: HttpRequest) -> bool:
    return request.method == "POST" and request.path_info.startswith("/admin/login/")


MATCHERS: dict[str, Callable[[HttpRequest], bool]] = {
    "search": _search,
    "suggest": _suggest,
    "documents": _documents,
    "api": _api,
    "stats": _stats,
    "login": _login,
}


def parse_rates(text: str) -> dict[str, tuple[int, int]]:
    """``"search=30/60,api=120/60"`` → ``{"search": (30, 60), "api": (120, 60)}`` (requests/seconds)."""
    rates: dict[str, tuple[int, int]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, rate = item.partition("=")
        limit, _, window = rate.partition("/")
        if name.strip() not in MATCHERS or not limit.strip().isdigit() or not window.strip().isdigit():
            raise ValueError(f"CONG_RATE_LIMITS: cannot read {item!r} (expected e.g. search=30/60)")
        rates[name.strip()] = (int(limit), max(1, int(window)))
    return rates


def rules() -> list[Rule]:
    rates = {**settings.RATE_LIMIT_DEFAULTS, **parse_rates(settings.RATE_LIMITS)}
    return [Rule(name, limit, window, MATCHERS[name]) for name, (limit, window) in rates.items()]


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address group: stable for the secret key, never the address."""
    key = hashlib.sha256(settings.SECRET_KEY.encode()).digest()
    group = address_group(client_address(request)).encode("utf-8", "replace")
    return hashlib.blake2b(group, key=key, digest_size=12).hexdigest()


def hit(rule: Rule, client: str, now: float) -> int | None:
    """Count one request; the seconds until the window ends when the limit is exceeded, else None."""
    window = int(now // rule.window)
    key = f"ratelimit:{rule.name}:{window}:{client}"
    cache = caches[settings.RATE_LIMIT_CACHE]
    cache.add(key, 0, rule.window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, rule.window + 1)
        count = 1
    if count <= rule.limit:
        return None
    return max(1, int((window + 1) * rule.window - now) + 1)


def too_many_requests(retry_after: int) -> HttpResponse:
    body = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Quá nhiều yêu cầu</title>'
        "</head><body><h1>Quá nhiều yêu cầu</h1><p>Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. "
        f"Vui lòng thử lại sau {escape(retry_after)} giây.</p></body></html>"
    )
    response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Answers 429 once a client passes a rule's limit (settings RATE_LIMITS, docs/security.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.RATE_LIMIT_ENABLED:
            client = None
            now = time.time()
            for rule in rules():
                if rule.limit and rule.applies(request):
                    client = client or client_key(request)
                    retry_after = hit(rule, client, now)
                    if retry_after is not None:
                        return too_many_requests(retry_after)
        return self.get_response(request)
