"""Compressed pages without nginx: each page-cache entry keeps a gzip variant made once at store time."""

from __future__ import annotations

import gzip
from typing import Any
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from cong.pagecache import store
from cong.pagecache.wsgi import PageCacheWSGI

from .test_wsgi import call, keep_test_connection  # noqa: F401 (fixture)

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


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


@pytest.mark.parametrize("header", ["", "identity", "gzip;q=0", "br", "deflate"])
def test_no_gzip_unless_accepted(seed_article: Any, client: Client, header: str) -> None:
    client.get(seed_article.url)
    response = client.get(seed_article.url, HTTP_ACCEPT_ENCODING=header)
    assert response["X-Page-Cache"] == "hit" and "Content-Encoding" not in response
    assert b"<html" in response.content


def test_accepts_gzip() -> None:
    assert (
        store.accepts_gzip("gzip") and store.accepts_gzip("br;q=1.0, gzip;q=0.8") and store.accepts_gzip("*")
    )
    assert (
        not store.accepts_gzip("gzip;q=0")
        and not store.accepts_gzip("gzip;q=x")
        and not store.accepts_gzip("")
    )


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
