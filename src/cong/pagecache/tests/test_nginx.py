"""The shipped deploy/nginx.conf against a real nginx (Debian's), in front of a live Django server."""

from __future__ import annotations

import shutil
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from cong.news.models import ArticlePage
from cong.pagecache.nginx import NGINX, Nginx, free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which(NGINX) and not Path(NGINX).exists(), reason="needs nginx (.ci/run)"),
]
PORT = free_port()


def fetch(path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def nginx(kept_transactional_db: None, live_server: Any, tmp_path: Path, settings: Any) -> Any:
    static, media = tmp_path / "static", tmp_path / "media"
    (static / "core").mkdir(parents=True)
    (static / "core" / "probe.css").write_text("body{color:#222}")
    media.mkdir()
    settings.PAGECACHE_FRONTEND_URL = f"http://127.0.0.1:{PORT}"
    settings.BASE_URL = f"http://127.0.0.1:{PORT}"
    settings.PAGECACHE_PROXY_MAX_AGE = 60  # only a refresh, not expiry, can update the copy in this test
    app = live_server.url.removeprefix("http://")
    with Nginx(app=app, listen=f"127.0.0.1:{PORT}", static_root=static, media_root=media) as server:
        yield server


def wait_for(predicate: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_microcache_bypass_static_and_refresh_on_publish(nginx: Any, seed_article: Any) -> None:
    url = seed_article.url
    status, headers, html = fetch(url)
    assert status == 200 and headers["X-Cache-Status"] == "MISS" and seed_article.title in html
    assert fetch(url)[1]["X-Cache-Status"] == "HIT"
    # Editors (a session cookie) always reach the app, which checks the session; a CSRF cookie alone
    # changes nothing (pages that use one set it and are never cached).
    assert fetch(url, Cookie="sessionid=abc")[1]["X-Cache-Status"] == "BYPASS"
    assert fetch(url, Cookie="theme=dark; csrftoken=x")[1]["X-Cache-Status"] == "HIT"
    # Static files come from disk, not from the app.
    status, headers, css = fetch("/static/core/probe.css")
    assert status == 200 and css == "body{color:#222}" and "X-Cache-Status" not in headers
    # Only this machine may ask for a refresh; the header from elsewhere is just a normal request.
    assert fetch(url, **{"X-Cong-Refresh": "1"})[1]["X-Cache-Status"] == "BYPASS"
    # Publishing refreshes the page in nginx at once, although its copy may be kept 60 s.
    category = seed_article.get_parent().url
    fetch(category)
    assert fetch(category)[1]["X-Cache-Status"] == "HIT"
    article = ArticlePage.objects.get(pk=seed_article.pk)
    article.title = "Tiêu đề sau khi xuất bản lại"
    article.save_revision().publish()
    assert wait_for(lambda: "Tiêu đề sau khi xuất bản lại" in fetch(url)[2])
    assert wait_for(lambda: "Tiêu đề sau khi xuất bản lại" in fetch(category)[2])
    assert fetch(url)[1]["X-Cache-Status"] == "HIT"
    # The admin is never cached.
    fetch("/admin/login/")
    assert fetch("/admin/login/")[1].get("X-Cache-Status") != "HIT"


def gzip_text(path: str, accept: str) -> tuple[str, str]:
    """(X-Cache-Status, decoded page) for a request that accepts compressed copies."""
    import gzip

    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        assert (
            response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
        )
        return response.headers["X-Cache-Status"], gzip.decompress(body).decode()


def test_browsers_share_one_copy_per_encoding_and_publish_refreshes_each(
    nginx: Any, seed_article: Any
) -> None:
    """Different Accept-Encoding lists that choose the same encoding share nginx's copy ($cong_ae)."""
    url = seed_article.url
    assert gzip_text(url, "gzip, deflate")[0] == "MISS"
    assert gzip_text(url, "deflate, gzip;q=1.0, *;q=0.5")[0] == "HIT"
    assert fetch(url)[1]["X-Cache-Status"] == "MISS"  # the plain copy is another entry
    assert fetch(url, **{"Accept-Encoding": "identity"})[1]["X-Cache-Status"] == "HIT"
    article = ArticlePage.objects.get(pk=seed_article.pk)
    article.title = "Tiêu đề mới cho mọi bản nén"
    article.save_revision().publish()
    assert wait_for(lambda: "Tiêu đề mới cho mọi bản nén" in gzip_text(url, "gzip")[1])
    assert gzip_text(url, "gzip")[0] == "HIT"
