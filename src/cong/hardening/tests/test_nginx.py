"""The shipped deploy/nginx.conf under a real nginx (Debian's) with TLS, in front of a live server:
request limits answer 429, direct /media/documents/ is refused, HTTP redirects to HTTPS with HSTS, the
security headers are on pages, static files and documents, and the access log holds no client address.
"""

from __future__ import annotations

import http.client
import re
import secrets
import shutil
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cong.pagecache.nginx import NGINX, Nginx, free_port
from cong.pagecache.tests.test_flood import entry_count

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which(NGINX) and not Path(NGINX).exists(), reason="needs nginx (.ci/run)"),
    pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl"),
]
HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy")
IPV4 = re.compile(r"\b127\.0\.0\.\d+\b|\b203\.0\.113\.\d+\b")


def request(
    address: str,
    path: str,
    *,
    tls: bool = False,
    source: str = "127.0.0.1",
    method: str = "HEAD",
    body: bytes | None = None,
    **headers: str,
) -> tuple[int, dict[str, str]]:
    """One request like ``curl -sI``; ``source`` is the client address (any 127/8 address on Linux)."""
    host, port = address.rsplit(":", 1)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, int(port), context=context, source_address=(source, 0), timeout=10
        )
    else:
        connection = http.client.HTTPConnection(host, int(port), source_address=(source, 0), timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Host": "localhost", **headers})
        response = connection.getresponse()
        response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()


def limited(send: Any, count: int = 60) -> bool:
    """Whether ``count`` requests sent 30 at a time (faster than any limit, even on a busy machine where
    each TLS handshake is slow) meet a 429."""
    with ThreadPoolExecutor(max_workers=30) as pool:
        return 429 in [status for status, _ in pool.map(lambda _: send(), range(count))]


ADMIN_ALLOW = Path(__file__).resolve().parents[4] / "deploy" / "nginx-admin-allow.conf"


@pytest.fixture
def admin_allow() -> str:
    """The admin allow-list nginx is given (none: the shipped default, every address reaches /admin/)."""
    return ""


@pytest.fixture
def nginx(
    kept_transactional_db: None, live_server: Any, tmp_path: Path, settings: Any, admin_allow: str
) -> Any:
    static, media = tmp_path / "static", tmp_path / "media"
    (static / "core").mkdir(parents=True)
    (static / "core" / "probe.css").write_text("body{color:#222}")
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "secret.html").write_text("<script>alert(1)</script>")
    (media / "images").mkdir()
    (media / "images" / "probe.txt").write_text("x")
    settings.MEDIA_ROOT = media
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    app = live_server.url.removeprefix("http://")
    server = Nginx(
        app=app,
        listen=f"127.0.0.1:{free_port()}",
        static_root=static,
        media_root=media,
        admin_allow=admin_allow,
    )
    with server:
        yield server


def test_shipped_nginx_tls_limits_headers_and_private_logs(nginx: Nginx, seed_article: Any) -> None:
    plain, tls = nginx.listen, nginx.tls_listen
    document = Document.objects.create(title="Văn bản", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="vb.pdf"))

    # HTTP from another machine is redirected to HTTPS (127.0.0.2 stands for any other address).
    status, headers = request(plain, f"{seed_article.url}?a=1", source="127.0.0.2")
    assert status == 301 and headers["location"] == f"https://localhost{seed_article.url}?a=1"

    # Over TLS: HSTS with subdomains and the security headers on pages, a static file and a document.
    for path in ("/", seed_article.url, "/static/core/probe.css", document.url):
        status, headers = request(tls, path, tls=True, source="127.0.0.2")
        assert status == 200, (path, status)
        assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains", path
        assert headers["strict-transport-security"].count("max-age") == 1, path
        for name in HEADERS:
            assert headers.get(name), (path, name)
        assert headers["x-content-type-options"] == "nosniff", path
    # Only modern protocols.
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
    old.maximum_version = ssl.TLSVersion.TLSv1_1
    old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    host, port = tls.rsplit(":", 1)
    with pytest.raises((ssl.SSLError, ConnectionError)):
        http.client.HTTPSConnection(host, int(port), context=old, timeout=5).request("HEAD", "/")

    # Without an allow-list file (the default) the admin is open to every address, as in the app.
    assert request(tls, "/admin/login/", tls=True, method="GET", source="127.0.0.2")[0] == 200

    # Uploaded documents never come straight from disk; other media do.
    assert request(tls, "/media/documents/secret.html", tls=True)[0] == 403
    assert request(tls, "/media/images/probe.txt", tls=True)[0] == 200

    # Request limits: a burst of searches from one address ends in 429 with Retry-After.
    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(
            pool.map(
                lambda n: request(tls, f"/tim-kiem/?q=t{n}", tls=True, method="GET", source="127.0.0.3"),
                range(60),
            )
        )
    statuses = [status for status, _ in answers]
    assert 200 in statuses and 429 in statuses
    assert all(int(headers["retry-after"]) > 0 for status, headers in answers if status == 429)
    assert request(tls, "/tim-kiem/?q=other", tls=True, method="GET", source="127.0.0.4")[0] == 200
    # Suggestions have their own zone: typing 30 of them leaves the searches' budget whole.
    for n in range(30):
        assert (
            request(tls, f"/tim-kiem/goi-y/?q=hai{n}", tls=True, method="GET", source="127.0.0.9")[0] == 200
        )
    assert request(tls, "/tim-kiem/?q=after", tls=True, method="GET", source="127.0.0.9")[0] == 200
    suggest = partial(request, tls, "/tim-kiem/goi-y/?q=hai", tls=True, method="GET", source="127.0.0.10")
    assert limited(suggest, count=120)
    for path, method, source in (("/stats/hit", "POST", "127.0.0.5"), ("/api/v2/pages/", "GET", "127.0.0.8")):
        assert limited(partial(request, tls, path, tls=True, method=method, source=source)), path
    assert limited(partial(request, tls, "/admin/login/", tls=True, method="POST", source="127.0.0.6"))
    # A client-sent X-Real-IP does not escape the limit (nginx sets the header itself).
    forged = partial(request, tls, "/tim-kiem/?q=f", tls=True, method="GET", source="127.0.0.7")
    assert limited(lambda: forged(**{"X-Real-IP": f"203.0.113.{secrets.randbelow(250)}"}))

    # A flood of random query strings through nginx and the live app adds no page-cache entry, and the
    # article stays a hit of the app's cache.
    request(plain, seed_article.url, method="GET")
    before = entry_count()
    for n in range(300):
        assert (
            request(plain, f"{('/', seed_article.url)[n % 2]}?r={secrets.token_hex(6)}", method="GET")[0]
            == 200
        )
    assert entry_count() == before
    assert (
        request(plain, seed_article.url, method="GET", **{"Cookie": "sessionid=x"})[1]["x-page-cache"]
        == "hit"
    )

    # The access log has the traffic, and no client address at all.
    time.sleep(0.2)
    log = nginx.access_log()
    assert seed_article.url in log and " 429 " in log and "/tim-kiem/" in log
    assert not IPV4.search(log), IPV4.search(log)
    assert "q=t1" not in log  # no search terms either


@pytest.mark.parametrize("admin_allow", [ADMIN_ALLOW.read_text(encoding="utf-8")])
def test_shipped_nginx_enforces_the_admin_allow_list(nginx: Nginx) -> None:
    """deploy/nginx-admin-allow.conf as shipped (this machine and private networks) put where the shipped
    nginx.conf includes it: any other address gets nginx's 403 on every admin URL, the login form
    included, and never reaches the app; the public site is unaffected."""
    tls = nginx.tls_listen
    outside = "127.0.0.2"  # not in the shipped list (127.0.0.1, ::1, 10/8, 192.168/16)
    for path, method in (
        ("/admin/", "GET"),
        ("/admin/login/", "GET"),
        ("/admin/login/", "POST"),
        ("/admin/pages/", "GET"),
        ("/%61dmin/login/", "GET"),
        ("//admin/login/", "GET"),
    ):
        status, headers = request(tls, path, tls=True, method=method, source=outside)
        assert status == 403, (path, method, status)
        assert "x-frame-options" not in headers, path  # nginx answered, not the app
    assert request(tls, "/", tls=True, method="GET", source=outside)[0] == 200
    assert request(tls, "/admin/login/", tls=True, method="GET", source="127.0.0.1")[0] == 200
    assert request(tls, "/admin/", tls=True, method="GET", source="127.0.0.1")[0] == 302
    assert "403" in nginx.access_log() and not IPV4.search(nginx.access_log())


def test_shipped_nginx_takes_large_bodies_only_for_the_admin(nginx: Nginx) -> None:
    """Public URLs refuse a 30 MB body (413 from nginx); the admin lets it through to the app, which
    takes documents up to 50 MB (WAGTAILDOCS_MAX_UPLOAD_SIZE)."""
    body = b"x" * (30 * 1024 * 1024)
    status, _ = request(nginx.listen, "/tim-kiem/", method="POST", body=body)
    assert status == 413
    status, _ = request(nginx.listen, "/admin/login/", method="POST", body=body)
    assert status != 413 and status < 500
