"""The portal's one public address.

``CONG_BASE_URL`` (``settings.BASE_URL``) is the address people use. Wagtail builds absolute URLs
(sitemap, API ``html_url``, ``Page.get_full_url``) from the default Site record's host name and port, so
that record must say the same: ``sync_default_site()`` makes it so (``./cong demo`` and ``./cong init``
call it), and ``address_mismatch()`` says when they disagree (``./cong serve`` and ``./cong check``
print it). Templates use ``{% public_url path %}`` instead of the request's own host, so a page cached
from a request on another name (or a forged Host) still names the public address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from wagtail.models import Site

_DEFAULT_PORTS = {"http": 80, "https": 443}


def split_base_url(base_url: str) -> tuple[str, str, int]:
    """("https", "cong.gov.vn", 443) for "https://cong.gov.vn"."""
    parts = urlsplit(base_url)
    scheme = parts.scheme or "http"
    return scheme, parts.hostname or "localhost", parts.port or _DEFAULT_PORTS.get(scheme, 80)


def site_base_url(site: Site) -> str:
    """The Site record's public root URL (as Wagtail's sitemap and API use it), no trailing slash."""
    return site.root_url.rstrip("/")


def public_base_url(request: HttpRequest | None = None) -> str:
    """The public root URL of the site serving ``request`` (the default site without one)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site_base_url(site) if site is not None else settings.BASE_URL


def sync_default_site(base_url: str | None = None) -> bool:
    """Point the default Site record at ``base_url`` (``CONG_BASE_URL``); True if it changed."""
    _, hostname, port = split_base_url(base_url or settings.BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def address_mismatch() -> str | None:
    """A Vietnamese warning when the default Site record and ``CONG_BASE_URL`` disagree, else None."""
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: nothing to compare
        return None
    if site is None:
        return None
    _, hostname, port = split_base_url(settings.BASE_URL)
    if (site.hostname, site.port) == (hostname, port):
        return None
    return (
        f"Cảnh báo: địa chỉ công khai CONG_BASE_URL={settings.BASE_URL} khác với bản ghi Site mặc định "
        f"({site.hostname}:{site.port}); sơ đồ trang, API và liên kết chia sẻ sẽ dùng {site.root_url}. "
        "Chạy ./cong sync_site để cập nhật bản ghi Site."
    )
