"""Compressed pages without nginx: each page-cache entry keeps Brotli and gzip variants made once at
store time."""

from __future__ import annotations

import gzip
from typing import Any
from unittest import mock

import brotli
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from cong.pagecache import store
from cong.pagecache.wsgi import PageCacheWSGI

from .test_wsgi import call, keep_test_connection  # noqa: F401 (fixture)

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
BROTLI = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_gzip_by_accept_encoding_on_miss_and_hit(seed_article: Any, client: Client) -> None:
    plain = client.get(seed_article.url)
    assert plain["X-Page-Cache"] == "miss" and "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    html = plain.content
    with mock.patch("cong.pagecache.store.gzip.compress", side_effect=AssertionError("compressed on a hit")):
        hit = client.get(seed_article.url, **GZIP)
    assert hit["X-Page-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert gzip.decompress(hit.content) == html
    assert int(hit["Content-Length"]) == len(hit.content) < len(html) / 2
    assert hit["ETag"] != plain["ETag"]  # each variant has its own validator
    assert client.get(seed_article.url, HTTP_IF_NONE_MATCH=hit["ETag"], **GZIP).status_code == 304
    assert client.get(seed_article.url, HTTP_IF_NONE_MATCH=hit["ETag"]).status_code == 200


def test_brotli_first_when_accepted(seed_article: Any, client: Client) -> None:
    html = client.get(seed_article.url).content
    with mock.patch(
        "cong.pagecache.store.brotli.compress", side_effect=AssertionError("compressed on a hit")
    ):
        hit = client.get(seed_article.url, **BROTLI)
    assert hit["X-Page-Cache"] == "hit" and hit["Content-Encoding"] == "br"
    assert brotli.decompress(hit.content) == html
    assert int(hit["Content-Length"]) == len(hit.content)
    gzipped = client.get(seed_article.url, **GZIP)
    assert gzipped["Content-Encoding"] == "gzip" and len(hit.content) < len(gzipped.content)
    assert len({hit["ETag"], gzipped["ETag"], client.get(seed_article.url)["ETag"]}) == 3
    refused = client.get(seed_article.url, HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert refused["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("header", ["", "identity", "gzip;q=0", "deflate", "*;q=0"])
def test_no_compression_unless_accepted(seed_article: Any, client: Client, header: str) -> None:
    client.get(seed_article.url)
    response = client.get(seed_article.url, HTTP_ACCEPT_ENCODING=header)
    assert response["X-Page-Cache"] == "hit" and "Content-Encoding" not in response
    assert b"<html" in response.content


def test_accepts() -> None:
    assert store.accepts("gzip", "gzip") and store.accepts("br;q=1.0, gzip;q=0.8", "gzip")
    assert store.accepts("*", "br") and store.accepts("x-gzip", "gzip") and store.accepts("BR", "br")
    assert not store.accepts("gzip;q=0", "gzip") and not store.accepts("gzip;q=x", "gzip")
    assert not store.accepts("", "gzip") and not store.accepts("gzip;q=0, *", "gzip")
    assert not store.accepts("gzip", "br")


@pytest.mark.usefixtures("keep_test_connection")
def test_the_wsgi_fast_path_serves_the_stored_variant(seed_article: Any) -> None:
    app = PageCacheWSGI(WSGIHandler())
    first, html = call(app, seed_article.url)
    assert first.headers["X-Page-Cache"] == "miss"
    recorder, body = call(app, seed_article.url, **GZIP)
    assert recorder.headers["X-Page-Cache"] == "hit" and recorder.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == html
    assert recorder.headers["Content-Length"] == str(len(body))
    recorder, body = call(app, seed_article.url)
    assert "Content-Encoding" not in recorder.headers and body == html
