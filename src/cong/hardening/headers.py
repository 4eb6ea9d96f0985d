"""Security headers on every response: Content-Security-Policy (django-csp 4), Permissions-Policy.

Public pages get a strict policy (``settings.CONTENT_SECURITY_POLICY``: our own origin only, no inline
script or style). Inline *data* (the JSON-LD of an article) is allowed by the SHA-256 hash of its exact
text, taken from the rendered HTML (so it also holds when the block comes from a cached fragment): a
hash, not a nonce, because a page-cache hit replays the stored page and its stored header to everyone,
and a replayed nonce is no secret. Only ``application/ld+json`` blocks are hashed, never a ``<script>``
that a browser would run. The Wagtail admin runs inline scripts and styles of its own, so ``/admin/`` gets
``settings.CSP_ADMIN_DIRECTIVES`` instead. A response that already has a policy (a document served
with its own sandbox policy) keeps it.

The middleware sits right under the page cache, so the headers are stored with each cached page and
also cover the stats fast lane and the static files WhiteNoise answers; cong.hardening.static is WhiteNoise's hook for the same headers.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

_JSON_LD_OPEN = b'<script type="application/ld+json">'
_SCRIPT_CLOSE = b"</script>"


def inline_data_hashes(response: HttpResponseBase) -> tuple[str, ...]:
    """CSP hash sources of the JSON-LD blocks of an HTML response (plain ``find``: no regex scan)."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return ()
    content: bytes = response.content  # type: ignore[attr-defined]
    hashes = []
    start = content.find(_JSON_LD_OPEN)
    while start >= 0:
        start += len(_JSON_LD_OPEN)
        end = content.find(_SCRIPT_CLOSE, start)
        if end < 0:
            break
        digest = hashlib.sha256(content[start:end]).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
        start = content.find(_JSON_LD_OPEN, end)
    return tuple(hashes)


@lru_cache(maxsize=256)
def _built_policy(directives_id: int, hashes: tuple[str, ...], admin: bool) -> str:
    directives = settings.CSP_ADMIN_DIRECTIVES if admin else settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    update = {"script-src": list(hashes)} if hashes else None
    return build_policy(config=dict(directives), update=update)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's policy, inline hashes and Permissions-Policy.

    The usual response (no django-csp decorator, no nonce used) takes a fast path: its policy string
    is built once per (policy, hashes) and reused, instead of twice per response by django-csp.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if self._customised(request, response):
            response = super().process_response(request, response)
        elif HEADER not in response and not getattr(response, "_csp_exempt", False):
            admin = request.path_info.startswith(settings.CSP_ADMIN_PREFIXES)
            directives = settings.CSP_ADMIN_DIRECTIVES if admin else settings.CONTENT_SECURITY_POLICY
            response[HEADER] = _built_policy(id(directives), inline_data_hashes(response), admin)
        for name, value in extra_headers():
            response.headers.setdefault(name, value)
        return response

    @staticmethod
    def _customised(request: HttpRequest, response: HttpResponseBase) -> bool:
        """A view used a nonce or a django-csp decorator, or a report-only policy is configured."""
        return (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in ("_csp_config", "_csp_update", "_csp_replace"))
            or bool(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        )

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if request.path_info.startswith(settings.CSP_ADMIN_PREFIXES) and parts.config is None:
            parts.config = dict(settings.CSP_ADMIN_DIRECTIVES)
        hashes = inline_data_hashes(response)
        if hashes:
            update: dict[str, Any] = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), *hashes]
            parts.update = update
        return parts


def extra_headers() -> list[tuple[str, str]]:
    headers = [
        ("Permissions-Policy", settings.PERMISSIONS_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    return headers
