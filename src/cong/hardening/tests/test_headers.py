"""Security headers on the home page, an article, a static file, the stats fast lane and cached hits."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from cong.pagecache.wsgi import PageCacheWSGI

REQUIRED = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")


def assert_hardened(headers: Any, where: str) -> str:
    for name in REQUIRED:
        assert headers.get(name), (where, name)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    return headers["Content-Security-Policy"]


def strict(policy: str) -> dict[str, list[str]]:
    directives = {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, policy
    assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert directives["style-src"] == ["'self'"] and directives["frame-ancestors"] == ["'self'"]
    # Proof-of-work workers come from blob: URLs made by our own script; nothing else.
    assert directives["worker-src"] == ["'self'", "blob:"]
    return directives


def test_public_pages_have_a_strict_policy(seed_article: Any, client: Client) -> None:
    for url in ("/", seed_article.url, seed_article.get_parent().url, "/tim-kiem/?q=a", "/thong-ke/"):
        response = client.get(url)
        strict(assert_hardened(response, url))
        # The cached copy carries the same headers.
        again = client.get(url)
        assert again.get("X-Page-Cache") in ("hit", None), url
        assert again["Content-Security-Policy"] == response["Content-Security-Policy"], url


def test_json_ld_is_allowed_by_its_hash_also_from_a_cached_fragment(
    seed_article: Any, client: Client
) -> None:
    for attempt in range(2):
        response = client.get(seed_article.url, HTTP_COOKIE=f"x={attempt}")
        html = response.content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert block is not None
        digest = base64.b64encode(hashlib.sha256(block.group(1).encode()).digest()).decode()
        scripts = strict(response["Content-Security-Policy"])["script-src"]
        assert f"'sha256-{digest}'" in scripts
        assert "nonce-" not in response["Content-Security-Policy"]
    # No other inline script, no inline style, no style attribute on public pages.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
    assert "<style" not in html and " style=" not in html


def test_the_wsgi_hit_path_replays_the_headers(seed_article: Any, client: Client) -> None:
    client.get(seed_article.url)
    recorded: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        recorded.update(headers)

    environ = RequestFactory().get(seed_article.url).environ
    PageCacheWSGI(lambda *args: [])(environ, start_response)
    assert recorded["X-Page-Cache"] == "hit"
    strict(assert_hardened(recorded, "wsgi hit"))


def test_stats_fast_lane_and_404_have_the_headers(seed_article: Any, client: Client) -> None:
    for response in (
        client.post(
            "/stats/hit", data=seed_article.url, content_type="text/plain", HTTP_USER_AGENT="Mozilla/5.0"
        ),
        client.get("/stats/summary.json"),
        client.get("/khong-co-trang-nay/"),
    ):
        strict(assert_hardened(response, response.request["PATH_INFO"]))


@pytest.mark.django_db
def test_static_files_have_the_headers() -> None:
    probe = Path(settings.STATIC_ROOT) / "hardening-probe.css"
    probe.write_text("body{color:#222}")
    try:
        response = Client().get("/static/hardening-probe.css")  # a new client: WhiteNoise indexes it
        assert response.status_code == 200
        strict(assert_hardened(response, "static"))
    finally:
        probe.unlink()


def test_whitenoise_hook_sets_the_headers() -> None:
    from cong.hardening.static import static_headers

    headers: dict[str, str] = {}
    static_headers(headers, "/x.css", "/static/x.css")
    strict(assert_hardened(headers, "whitenoise"))


@pytest.mark.django_db
def test_admin_gets_its_own_policy(client: Client) -> None:
    policy = assert_hardened(client.get("/admin/login/"), "admin")
    assert "script-src 'self' 'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


def test_a_policy_set_by_the_view_is_kept(rf: RequestFactory) -> None:
    from django.http import HttpResponse

    from cong.hardening.headers import SecurityHeadersMiddleware

    sandboxed = HttpResponse("x", headers={"Content-Security-Policy": "sandbox; default-src 'none'"})
    response = SecurityHeadersMiddleware(lambda request: sandboxed)(rf.get("/documents/1/a.pdf"))
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Permissions-Policy"]


def test_hsts_with_subdomains_behind_tls(seed_article: Any, settings: Any) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get(seed_article.url, HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
