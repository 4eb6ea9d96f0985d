"""Abuse protection for every public form, without third parties.

- Proof of work: ALTCHA (altcha-django), challenges signed by this server, each solution accepted once
  (replay ids kept in the shared cache until the challenge expires).
- Per-visitor rate limits in the shared cache, keyed by the stats app's keyed visitor hash: no IP
  address is ever a key or a value.
- Size limits checked on the Content-Length before the body is read.
- Cross-site posts refused by their Origin header (the forms have no CSRF cookie; see views).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from wagtail.models import Site

from cong.stats.counting import visitor_key

# (requests, seconds) per visitor and action.
LIMITS: dict[str, tuple[int, int]] = {
    "question": (5, 600),
    "withdraw": (10, 600),
    "challenge": (30, 60),
    "rating": (5, 600),
    "vote": (20, 600),
    "comment": (10, 600),
}
MAX_BODY_BYTES = {"question": 6 * 1024 * 1024}
DEFAULT_MAX_BODY_BYTES = 64 * 1024


def site_id_for(request: HttpRequest) -> int:
    site = Site.find_for_request(request)
    return site.pk if site else 0


def allow(request: HttpRequest, action: str) -> bool:
    """Count one attempt of ``action`` by this visitor; False once the visitor is over the limit."""
    limit, window = LIMITS[action]
    bucket = int(time.time()) // window
    key = (
        f"participation:rate:{action}:{bucket}:{visitor_key(request, 'rate:' + action, site_id_for(request))}"
    )
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        return int(cache.incr(key)) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True


def challenge_gate(request: HttpRequest) -> bool:
    """ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT: challenges per visitor are limited too."""
    return allow(request, "challenge")


def is_cross_site(request: HttpRequest) -> bool:
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return bool(origin)
    return origin.split("://", 1)[-1] != request.get_host()


def plain_error(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def guarded(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """For POST: refuse oversized bodies (413), cross-site posts (403) and visitors over their rate
    limit (429) before the body is parsed or anything is stored."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                try:
                    length = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    return plain_error(400, "Độ dài nội dung không hợp lệ.")
                if length > MAX_BODY_BYTES.get(action, DEFAULT_MAX_BODY_BYTES):
                    return plain_error(413, "Nội dung gửi lên quá lớn.")
                if is_cross_site(request):
                    return plain_error(403, "Không nhận biểu mẫu gửi từ trang khác.")
                if not allow(request, action):
                    response = plain_error(429, "Bạn gửi quá nhiều lần. Vui lòng thử lại sau ít phút.")
                    response["Retry-After"] = str(LIMITS[action][1])
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
