"""Fuzz pass over every public input: a fixed corpus of hostile strings, zero server errors.

Search (/tim-kiem/), the documents database filters (/van-ban/), the visitor-counter beacons
(/stats/hit, /stats/hit.gif, /stats/summary.json), the API v2, page paths and query strings, and the
file routes (/documents/, /media/). Every value goes in alone for each parameter, and the whole corpus
also goes in with all parameters of an endpoint at once. A fixed corpus rather than random generation:
the same requests every run, so a failure is reproducible from its printed URL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

TEXT = [
    "",
    " ",
    "a" * 5000,
    "đường " * 800,
    "\x00",
    "a\x00b",
    "\x01\x02\x08\x0b\x1b\x1f\x7f",
    "\r\n\r\nSet-Cookie: x=1",
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "1' UNION SELECT username, password FROM auth_user --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}",
    "${7*7}%s%n%x",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%",
    "%%25%",
    "*",
    "\\",
    '"',
    '"unbalanced',
    "NEAR( OR AND NOT ^ : - *",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999999999999",
    "1e308",
    "NaN",
    "inf",
    "0x10",
    "１２",  # fullwidth digits: int() accepts them
    "٣",  # Arabic-Indic digit
    "2021-13-45",
    "0000-00-00",
    "9999-12-31",
    "31/12/9999",
    "01/01/0001",
    "\u202eevil\u202c",
    "\u200b\ufeff",
    "a" + "\u0301" * 2000,
    "🇻🇳" * 300,
    "\uffff\ufffe",
    "42/2022/NĐ-CP" * 50,
    "random",
    "title,random",
    "-id,--title,?",
    "news.ArticlePage,wagtailcore.Page,auth.User",
    "*,-title,_,__all__,id__gt",
    "body,owner,user,password",
]
# Bytes that are not valid UTF-8, encoded surrogates, overlong forms, and a lone "%".
RAW = ["%ff%fe", "%ed%a0%80", "%c0%af", "%e2%82", "%00", "%", "%zz", "%u0041", "%%", "a%0Ab", "%2e%2e%2f"]
ENCODED = [quote(value, safe="") for value in TEXT] + RAW
# The values tried in every parameter alone (the full corpus goes into all parameters at once).
SHORT = [quote(v, safe="") for v in ("a" * 5000, "\x00", "-1", "99999999999999999999", "'\"<>")] + ["%ff%fe"]

ENDPOINTS = {
    "/tim-kiem/": ["q", "chuyen_muc", "tu", "den", "trang"],
    "/api/v2/tim-kiem/": ["q", "loai", "chuyen_muc", "tu", "den", "pham_vi", "trang"],
    "/van-ban/": ["q", "loai", "co_quan", "linh_vuc", "nam", "tinh_trang", "trang"],
    "/api/v2/pages/": [
        "search",
        "search_operator",
        "order",
        "limit",
        "offset",
        "fields",
        "type",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "id",
        "slug",
        "show_in_menus",
        "locale",
        "translation_of",
        "format",
        "khong_co",
    ],
    "/api/v2/pages/find/": ["html_path", "id", "fields"],
    "/stats/hit.gif": ["p"],
    "/stats/summary.json": ["p"],
    "/": ["trang", "r"],
    "/thong-ke/": ["x"],
    "/thong-ke/quyen-rieng-tu/": ["x"],
    "/sitemap.xml": ["p"],
}


@pytest.fixture
def site(seed_article: Any, tmp_path: Path) -> dict[str, str]:
    """The seed article, a few documents with a file, and the public addresses that hold them."""
    from cong.core.jsonl import read_lines
    from cong.documents.importer import DocumentImporter
    from cong.documents.models import LegalDocument
    from cong.documents.tests.conftest import SAMPLE

    folder = tmp_path / "docs"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "42-2022-nd-cp.pdf").write_bytes(b"%PDF-1.4\n% van ban\n%%EOF\n")
    source = folder / "documents.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in SAMPLE), encoding="utf-8")
    report = DocumentImporter(folder).run(read_lines(source))
    assert report.ok, report.errors
    document = LegalDocument.objects.get(number="42/2022/NĐ-CP")
    return {
        "article": seed_article.url,
        "category": seed_article.get_parent().url,
        "document": document.url,
        "file": document.files.first().file.url,
    }


def requests(site: dict[str, str]) -> Iterator[tuple[str, str, bytes | None]]:
    """(method, URL, body) for every probe."""
    for path, params in ENDPOINTS.items():
        for value in ENCODED if len(params) > 1 else ():
            yield "GET", path + "?" + "&".join(f"{name}={value}" for name in params), None
        for name in params:
            for value in SHORT:
                yield "GET", f"{path}?{name}={value}", None
    for name in ("trang", "q", "x"):
        for page in ("article", "category", "document"):
            for value in SHORT:
                yield "GET", f"{site[page]}?{name}={value}", None
    for value in ENCODED:
        yield "GET", f"/{value}/", None
    for value in SHORT:
        yield "GET", f"{site['category']}{value}/", None
        yield "GET", f"{site['article']}in/?{value}={value}", None
    for value in [*RAW, "..%2f..%2fetc%2fpasswd", "documents%2f", "images/%00.png", "original_images/a.svg"]:
        yield "GET", f"/media/{value}", None
        yield "GET", f"/documents/1/{value}", None
    yield "GET", f"{site['file']}?{ENCODED[2]}", None
    yield "GET", "/documents/99999999999999999999999/x.pdf", None
    for value in ("99999999999999999999", "9223372036854775808", "-1", "0", "１２"):
        yield "GET", f"/api/v2/pages/{value}/", None
    yield "GET", "/" + "/".join(["a"] * 200) + "/", None
    yield "GET", "/?" + "&".join(f"k{n}=v" for n in range(500)), None
    for value in [*TEXT, "/" + "a" * 5000, "/\x00/", "//evil.example/"]:
        yield "POST", "/stats/hit", value.encode("utf-8", "surrogatepass")
    for body in (b"\xff\xfe", b"\xed\xa0\x80", b"/\x00", b"\x00" * 4096):
        yield "POST", "/stats/hit", body


@pytest.mark.django_db
def test_no_public_input_causes_a_server_error(site: dict[str, str]) -> None:
    client = Client(raise_request_exception=False)
    failures, count, started = [], 0, time.monotonic()
    for method, url, body in requests(site):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=body, content_type="text/plain; charset=utf-8")
        count += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {method} {url[:200]!r} {body[:80] if body else ''!r}")
    elapsed = time.monotonic() - started
    print(f"fuzz: {count} requests in {elapsed:.1f} s, {len(failures)} server errors")
    assert not failures, "\n".join(failures[:50])
