"""What counts as a page view: a public live page, read by a person who is not an editor."""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from urllib.parse import unquote

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Page, Site

MAX_PATH_LENGTH = 512
MAX_USER_AGENT_LENGTH = 1024
# Never pages: the admin, files, and the counter itself.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/stats/",
    "/thong-ke/",
    "/django-admin/",
)
RESOLVE_TTL_SECONDS = 60
RESOLVE_CACHE_SIZE = 10_000

_detector = CrawlerDetect()
_detector_lock = threading.Lock()


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """A maintained crawler list (crawlerdetect); no User-Agent at all is a bot too."""
    if not user_agent.strip():
        return True
    with _detector_lock:
        return bool(_detector.isCrawler(user_agent))


def is_prefetch(request: HttpRequest) -> bool:
    """Prefetch and prerender requests announce themselves (Sec-Purpose, Purpose, X-Moz, X-Purpose)."""
    for header in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ"):
        value = request.META.get(header, "").lower()
        if "prefetch" in value or "prerender" in value or "preview" in value:
            return True
    return False


def is_cross_site(request: HttpRequest) -> bool:
    """Hits must come from our own pages: a foreign Origin or Sec-Fetch-Site: cross-site is refused."""
    if request.META.get("HTTP_SEC_FETCH_SITE", "").lower() == "cross-site":
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if origin and origin != "null":
        host = origin.split("://", 1)[-1]
        return host != request.get_host()
    return False


def client_ip(request: HttpRequest) -> str:
    """The client address, used only inside the visitor hash. Behind a proxy set CONG_STATS_IP_HEADER
    (e.g. HTTP_X_REAL_IP, or HTTP_X_FORWARDED_FOR whose last entry the proxy appended)."""
    header = settings.STATS_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def normalize_path(raw: str) -> str | None:
    """The page path of a hit, or None when it is not a well-formed local path."""
    path = raw.strip().split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/") or path.startswith("//") or len(path) > MAX_PATH_LENGTH:
        return None
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path) or "\\" in path:
        return None
    return path


class PageResolver:
    """Path → id of the live public page at that path, cached per process for a minute."""

    def __init__(self) -> None:
        self._sites: dict[str, tuple[float, int, str]] = {}
        self._pages: dict[tuple[int, str], tuple[float, int | None]] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._sites.clear()
            self._pages.clear()

    def site(self, request: HttpRequest) -> tuple[int, str] | None:
        host = request.get_host()
        now = time.monotonic()
        cached = self._sites.get(host)
        if cached and cached[0] > now:
            return cached[1], cached[2]
        site = Site.find_for_request(request)
        if site is None:
            return None
        root_path = Page.objects.filter(pk=site.root_page_id).values_list("url_path", flat=True).first()
        if root_path is None:
            return None
        with self._lock:
            if len(self._sites) > 100:
                self._sites.clear()
            self._sites[host] = (now + RESOLVE_TTL_SECONDS, site.pk, root_path)
        return site.pk, root_path

    def page_id(self, site_id: int, root_path: str, path: str) -> int | None:
        if path.startswith(EXCLUDED_PREFIXES):
            return None
        now = time.monotonic()
        cached = self._pages.get((site_id, path))
        if cached and cached[0] > now:
            return cached[1]
        url_path = root_path.rstrip("/") + path
        page_id = Page.objects.live().public().filter(url_path=url_path).values_list("pk", flat=True).first()
        with self._lock:
            if len(self._pages) >= RESOLVE_CACHE_SIZE:
                self._pages.clear()
            self._pages[(site_id, path)] = (now + RESOLVE_TTL_SECONDS, page_id)
        return page_id


resolver = PageResolver()
