"""WhiteNoise's hook (``WHITENOISE_ADD_HEADERS_FUNCTION``): security headers on static files.

Imported by the settings, so it imports nothing of Django's at module level.
"""

from __future__ import annotations

from typing import Any


def static_headers(headers: Any, path: str, url: str) -> None:
    """The public Content-Security-Policy and the other security headers on every static file."""
    from csp.utils import build_policy
    from django.conf import settings

    from .headers import extra_headers

    headers["Content-Security-Policy"] = build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    for name, value in extra_headers():
        headers[name] = value
