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
import re
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

_JSON_LD = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)


def inline_data_hashes(response: HttpResponseBase) -> list[str]:
    """CSP hash sources of the JSON-LD blocks of an HTML response."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    content = response.content  # type: ignore[attr-defined]
    if b"application/ld+json" not in content:
        return []
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode("ascii") + "'"
        for block in _JSON_LD.findall(content)
    ]


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's policy, inline hashes and Permissions-Policy."""

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

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        for name, value in extra_headers():
            response.headers.setdefault(name, value)
        return response


def extra_headers() -> list[tuple[str, str]]:
    headers = [
        ("Permissions-Policy", settings.PERMISSIONS_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    return headers
