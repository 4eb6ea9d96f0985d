"""What counts as a page view: a public live page, read by a person who is not an editor."""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from crawlerdetect import CrawlerDetect
from django.http import HttpRequest
from wagtail.models import Page, Site

from cong.core.net import address_group, client_address

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
    """Hits must come from our own pages, for the beacon (POST) and the pixel (GET) alike.

    Refused: a foreign ``Origin`` or ``Referer``, ``Sec-Fetch-Site`` other than same-origin/same-site
    (``cross-site``, or ``none``: typed in the address bar), and ``Sec-Fetch-Mode: navigate`` (a link
    to the counter is not a page view).
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").lower()
    if fetch_site and fetch_site not in ("same-origin", "same-site"):
        return True
    if request.META.get("HTTP_SEC_FETCH_MODE", "").lower() == "navigate":
        return True
    host = request.get_host()
    origin = request.META.get("HTTP_ORIGIN")
    if origin and origin != "null" and origin.split("://", 1)[-1] != host:
        return True
    referer = request.META.get("HTTP_REFERER")
    if referer and urlsplit(referer).netloc != host:
        return True
    return False


def client_ip(request: HttpRequest) -> str:
    """The client's address group (IPv6: its /64), used only inside the visitor hash.

    Behind the shipped nginx set CONG_CLIENT_IP_HEADER=HTTP_X_REAL_IP (nginx overwrites that header
    with the real peer address, so a client cannot forge it); never without such a proxy."""
    return address_group(client_address(request))


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
