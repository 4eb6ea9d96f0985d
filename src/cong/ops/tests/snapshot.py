"""Run in a subprocess against one data dir: prints what must survive a backup and restore as JSON:
every public page's HTML (CSRF tokens and nonces removed) as sha256, the audit log, row counts."""

from __future__ import annotations

import hashlib
import json
import os
import re
from urllib.parse import urlsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision  # noqa: E402

VOLATILE = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*'), rb"\1"),
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
]


def normalise(body: bytes) -> bytes:
    for pattern, replacement in VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def main() -> None:
    client = Client()
    urls = ["/", "/sitemap.xml", "/tim-kiem/?q=h%E1%BA%A3i+ph%C3%B2ng", "/thong-ke/", "/robots.txt"]
    urls += sorted({page.url for page in Page.objects.live().public().specific() if page.url})
    pages = {}
    for url in dict.fromkeys(urls):
        # A component site's pages have absolute URLs: ask their own host (sites' docs).
        parts = urlsplit(url)
        host = parts.netloc or "localhost"
        path = parts._replace(scheme="", netloc="").geturl() if parts.netloc else url
        response = client.get(path, HTTP_HOST=host)
        pages[url] = [response.status_code, hashlib.sha256(normalise(response.content)).hexdigest()]
    audit = [
        [e.content_type_id, e.object_id, e.action, e.timestamp.isoformat(), e.user_id, e.data]
        for model in (PageLogEntry, ModelLogEntry)
        for e in model.objects.order_by("pk")
    ]
    print(
        json.dumps(
            {
                "pages": pages,
                "audit": audit,
                "counts": {"pages": Page.objects.count(), "revisions": Revision.objects.count()},
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
