"""Reading a rendered /tim-kiem/ page in tests of every app that adds a source to it."""

from __future__ import annotations

import re


def headings(html: str) -> list[str]:
    """The results' titles, in order, without their highlighting."""
    return [
        re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h[23] class="card-title"><a [^>]*>(.*?)</a>', html)
    ]


def facets(html: str) -> list[str]:
    """The type filter's entries with their counts, e.g. "Văn bản (2)", "Tin bài (hơn 1.000)"."""
    nav = re.search(r'<nav class="search-facets".*?</nav>', html, re.S)
    return re.findall(r">([^<>]+ \((?:hơn )?[\d.]+\))<", nav.group(0)) if nav else []
