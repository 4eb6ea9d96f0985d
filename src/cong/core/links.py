"""Links typed by editors (banners, settings): only schemes that cannot run script on the portal."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What browsers ignore when they read a URL: leading/trailing C0 controls and spaces, and any tab or
# newline inside ("java\tscript:" is javascript:).
_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def is_safe_link(url: str) -> bool:
    """True for a site path ("/..."), a relative path, or an http(s)/mailto/tel address."""
    cleaned = _IGNORED.sub("", url).strip(_C0_AND_SPACE)
    if any(ord(c) < 0x20 or c == "\x7f" for c in cleaned):
        return False
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return False
    if scheme:
        return scheme.lower() in SAFE_SCHEMES
    # No scheme: a path, unless a colon before any / ? # would let a browser read one anyway.
    head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
    return ":" not in head
