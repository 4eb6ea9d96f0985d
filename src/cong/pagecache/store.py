"""What the page cache stores, under which key, and the generation that makes old entries invalid.

Every entry remembers the generation that was current when its request *started*. A publish, a
settings change, a banner edit... writes a new generation (O(1), no key scanning); an entry whose
generation differs from the current one is a miss and is overwritten by the next render.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import math
import mmap
import os
import re
import secrets
import struct
import time
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import brotli
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from cong.core import replicas

GEN_KEY = "pagecache:gen"
ENTRY_PREFIX = (
    "pagecache:page4:"  # 3: entries carry Brotli and gzip variants; 4: and the tokens of their site and tags
)
TAG_PREFIX = "pagecache:tag:"
# Set on the WSGI environ by the early WSGI wrapper, so the middleware does not look up twice.
ENVIRON_GEN = "cong.pagecache.generation"
ENVIRON_COUNTER = "cong.pagecache.counter"
ENVIRON_TAGS = "cong.pagecache.tags"  # ((tag, token), ...) read when the request started

_SAFE_VARY = {"cookie", "accept-encoding"}
_UNCACHEABLE_CC = re.compile(r"\b(private|no-cache|no-store)\b|\bmax-age=0\b", re.I)
_MAX_AGE = re.compile(r"\b(?:s-maxage|max-age)=(\d+)", re.I)


def backend() -> BaseCache:
    return caches[settings.PAGECACHE_ALIAS]


ExpiryProvider = Callable[[], datetime | None]
_expiry_providers: list[ExpiryProvider] = []
BOUNDARY_KEY = "pagecache:boundary:"


def register_expiry(provider: ExpiryProvider) -> None:
    """Declare time-based content: ``provider()`` returns the next moment it changes by itself, or None."""
    if provider not in _expiry_providers:
        _expiry_providers.append(provider)


def forget_boundary() -> None:
    """Compute the next time-based change again (a banner's start or end was edited without a new
    generation: only its site's tag was bumped)."""
    backend().delete(BOUNDARY_KEY + current_generation())


def seconds_to_next_boundary(generation: str) -> float:
    """Seconds until registered time-based content changes (computed once per generation)."""
    cache = backend()
    key = BOUNDARY_KEY + generation
    now = time.time()
    boundary = cache.get(key)
    if boundary is None or boundary <= now:
        moments = [moment.timestamp() for provider in _expiry_providers if (moment := provider())]
        boundary = min(moments, default=math.inf)
        cache.set(key, boundary, settings.PAGECACHE_MAX_AGE)
    return boundary - now


def current_generation() -> str:
    """The current generation; a lost one (evicted, cache flushed) is replaced by a fresh one.

    With the file cache (one host) the generation lives in the generation file, outside the culled
    cache directory, so no eviction can ever empty the page cache. With Redis it is a key without
    expiry; under ``maxmemory-policy volatile-lru`` (docs/caching.md) only keys with a TTL (page
    entries) are evicted, never this one.
    """
    if not settings.PAGECACHE_SHARED_GENERATION:
        return MIRROR.generation()
    cache = backend()
    gen = cache.get(GEN_KEY)
    if gen is None:
        cache.add(GEN_KEY, _new_token(), None)
        gen = cache.get(GEN_KEY)
        MIRROR.bump()
    return str(gen)


def bump_generation() -> str:
    """New generation: first in the shared cache, then in this host's mirror (readers go the other way)."""
    if not settings.PAGECACHE_SHARED_GENERATION:
        MIRROR.bump()
        return MIRROR.generation()
    gen = _new_token()
    backend().set(GEN_KEY, gen, None)
    MIRROR.bump()
    return gen


def site_tag(site_id: int) -> str:
    """The tag every cached page of a Wagtail Site depends on (one site's publish bumps only it)."""
    return f"site:{site_id}"


_site_scopes: dict[str, Any] = {}


def site_for_host(host: str, generation: str) -> int | None:
    """The id of the Wagtail Site that answers ``host`` (port ignored; else the default site).

    Sites only change through events that start a new generation, so the host table is read once
    per process and generation (one query), never per request.
    """
    if _site_scopes.get("generation") != generation:
        from wagtail.models import Site

        rows = list(Site.objects.values_list("pk", "hostname", "is_default_site"))
        _site_scopes.update(
            generation=generation,
            hosts={hostname.lower(): pk for pk, hostname, _ in rows},
            default=next((pk for pk, _, default in rows if default), None),
        )
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return _site_scopes["hosts"].get(hostname.lower(), _site_scopes["default"])


def scope_tags(environ: Mapping[str, Any], generation: str) -> tuple[tuple[str, str], ...]:
    """The site tag of this request with its current token (empty when no site exists yet)."""
    site_id = site_for_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""), generation)
    return tag_tokens((site_tag(site_id),)) if site_id is not None else ()


class GenerationMirror:
    """A counter in a shared-memory-mapped file, bumped with every invalidation made on this host.

    Without a shared cache (file cache, one host) reading it costs well under a microsecond, so each
    process can keep recent entries in its own memory (tagged with the counter) and answer a hit
    without reading the file cache. Only invalidations made on this host move it, so with Redis (one
    or several app hosts) the copies in memory are tagged with the shared generation itself instead,
    read from Redis on every request (:func:`find`).

    Layout: the epoch counter (8 bytes, little-endian, bumped by every invalidation, global or of a
    tag), a random token (16 bytes) made when the file is created, then the generation counter (8
    bytes, bumped only by global invalidations). Without a shared cache (file cache, one host) token
    and generation counter *are* the generation.
    """

    def __init__(self) -> None:
        self._map: mmap.mmap | None = None
        self._path: Path | None = None

    def path(self) -> Path:
        return Path(settings.PAGECACHE_GENERATION_FILE)

    def _mapped(self) -> mmap.mmap:
        path = self.path()
        if self._map is None or self._path != path:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.fstat(fd).st_size < _MIRROR_SIZE:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    size = os.fstat(fd).st_size
                    if size < _MIRROR_SIZE:  # an older, shorter layout keeps its epoch counter
                        os.ftruncate(fd, _MIRROR_SIZE)
                        if size < 24:
                            os.pwrite(fd, secrets.token_bytes(16), 8)
                    fcntl.flock(fd, fcntl.LOCK_UN)
                self._map = mmap.mmap(fd, _MIRROR_SIZE, access=mmap.ACCESS_READ)
            finally:
                os.close(fd)
            self._path = path
        return self._map

    def read(self) -> int:
        return int(struct.unpack_from("<Q", self._mapped(), 0)[0])

    def generation(self) -> str:
        """Token and counter: the generation of a single host without a shared cache."""
        mapped = self._mapped()
        return f"{mapped[8:24].hex()}-{struct.unpack_from('<Q', mapped, 24)[0]:x}"

    def bump(self) -> None:
        """A global invalidation: new epoch and new generation."""
        self._increment(0, 24)

    def bump_epoch(self) -> None:
        """A tag's invalidation: new epoch only (memory copies are checked again, nothing else)."""
        self._increment(0)

    def _increment(self, *offsets: int) -> None:
        self._mapped()
        with open(self.path(), "r+b") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            for offset in offsets:
                file.seek(offset)
                (value,) = struct.unpack("<Q", file.read(8))
                file.seek(offset)
                file.write(struct.pack("<Q", value + 1))


_MIRROR_SIZE = 32
MIRROR = GenerationMirror()


def _new_token() -> str:
    """A fresh generation; with database replicas it ends with the primary's log position (``@16/B3``),
    so that a page rendered for it is read from a replica only once the replica has replayed that far
    (cong.core.replicas): otherwise a lagging replica could store the old page under the new generation."""
    token = f"{time.time_ns():x}{secrets.token_hex(2)}"
    position = replicas.primary_position()
    return f"{token}@{position}" if position else token


def generation_position(generation: str) -> str | None:
    """The primary's log position a generation was made at (None without replicas)."""
    return generation.partition("@")[2] or None


Tags = tuple[tuple[str, str], ...]


def tag_tokens(tags: Iterable[str]) -> Tags:
    """The current token of each tag, as (tag, token) pairs: one ``get_many``, plus an ``add`` for a tag
    never seen (or evicted: a lost token only turns its entries into misses)."""
    cache = backend()
    keys = {TAG_PREFIX + tag: tag for tag in tags}
    found = cache.get_many(list(keys))
    for key in keys.keys() - found.keys():
        cache.add(key, _new_token(), None)
        found[key] = cache.get(key)
    return tuple(sorted((keys[key], str(token)) for key, token in found.items()))


def tags_current(tags: Tags) -> bool:
    """True when no tag of an entry was invalidated since it was stored (one ``get_many``)."""
    found = backend().get_many([TAG_PREFIX + tag for tag, _ in tags])
    return all(str(found.get(TAG_PREFIX + tag)) == token for tag, token in tags)


def bump_tags(tags: Iterable[str]) -> None:
    """A new token for each tag: every entry stored with an older one becomes a miss. Then a new local
    epoch, so that each process checks its memory copies against the shared cache again."""
    backend().set_many({TAG_PREFIX + tag: _new_token() for tag in tags}, None)
    MIRROR.bump_epoch()


_private_cookie_re: re.Pattern[str] | None = None
_SESSION_KEY = re.compile(r"[a-z0-9]{32,40}")


def _private_cookies() -> re.Pattern[str]:
    global _private_cookie_re
    if _private_cookie_re is None:
        names = {settings.SESSION_COOKIE_NAME, *settings.PAGECACHE_BYPASS_COOKIES}
        alternatives = "|".join(re.escape(name) for name in sorted(names))
        _private_cookie_re = re.compile(rf"(?:^|[;,]\s*)(?:{alternatives})=")
    return _private_cookie_re


def has_private_state(cookie_header: str) -> bool:
    """True only for a real editor's session or a genuine (signed) message cookie.

    A forged ``sessionid=garbage``, ``messages=x`` or any ``csrftoken`` changes nothing: such a request
    is served from the cache like everyone else's (a page that uses a CSRF token sets the cookie, so it
    is never stored). A well-formed session key costs one session-store read (the cache, else the
    database); only a session with a logged-in user or pending messages bypasses the cache.
    """
    if not _private_cookies().search(cookie_header):
        return False
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.core import signing
    from django.http.cookie import parse_cookie

    cookies = parse_cookie(cookie_header)
    message = cookies.get(CookieStorage.cookie_name)
    if message:
        try:
            signing.get_cookie_signer(salt=CookieStorage.key_salt).unsign(message)
            return True
        except signing.BadSignature:
            pass
    for name in settings.PAGECACHE_BYPASS_COOKIES:
        if name != CookieStorage.cookie_name and cookies.get(name):
            return True
    session_key = cookies.get(settings.SESSION_COOKIE_NAME, "")
    if not _SESSION_KEY.fullmatch(session_key):
        return False
    from importlib import import_module

    try:
        data = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).load()
    except Exception:  # database unreachable here: let Django answer, as before issue 12
        return True
    return "_auth_user_id" in data or "_messages" in data


def query_key(query: str) -> str | None:
    """The query string as part of the key: its parameters in a fixed order; None (bypass) if absurd.

    Whether a response may be *stored* is decided later by :func:`query_storable`: only when the view
    declared (:func:`cong.pagecache.vary_on_query`) every parameter the request carries.
    """
    if not query:
        return ""
    if len(query) > settings.PAGECACHE_MAX_QUERY_LENGTH:
        return None
    return "&".join(sorted(part for part in query.split("&") if part))


def query_names(query: str) -> list[str]:
    return [unquote_plus(part.split("=", 1)[0]) for part in query.split("&") if part]


def query_storable(query: str, declared: frozenset[str]) -> bool:
    """A response to ``query`` may be kept: each parameter is one the page uses, given once.

    ``/?r=<random>`` or ``/kinh-te/?q=x`` (a parameter the page ignores) is answered but never stored,
    so a flood of random query strings adds no entry.
    """
    names = query_names(query)
    return len(names) == len(set(names)) and set(names) <= declared


def request_key(environ: Mapping[str, Any]) -> str | None:
    """The cache key of an anonymous GET/HEAD of a public URL, or None when it must bypass the cache.

    Bypass: other methods, excluded prefixes (admin, stats beacons, static and media files),
    an Authorization header, a real editor's session or messages (:func:`has_private_state`).
    """
    if not settings.PAGECACHE_ENABLED or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if path.startswith(settings.PAGECACHE_EXCLUDE) or "HTTP_AUTHORIZATION" in environ:
        return None
    cookies = environ.get("HTTP_COOKIE")
    if cookies and has_private_state(cookies):
        return None
    query = query_key(environ.get("QUERY_STRING", ""))
    if query is None:
        return None
    scheme = environ.get("HTTP_X_FORWARDED_PROTO", "") if settings.SECURE_PROXY_SSL_HEADER else ""
    raw = "\n".join(
        (
            scheme or environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
            path,
            query,
        )
    )
    return ENTRY_PREFIX + hashlib.blake2b(raw.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    generation: str
    expires: float
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    gzipped: bytes = b""  # the body gzip-compressed once at store time (b"": not worth it)
    brotli: bytes = b""  # the same, Brotli (about 6% smaller; browsers ask for it over HTTPS)
    tags: Tags = ()  # (tag, token) pairs of its site and of cong.pagecache.depends_on

    def seconds_left(self, now: float) -> int:
        return max(0, int(self.expires - now))

    def variant(self, accept_encoding: str) -> tuple[bytes, str, list[tuple[str, str]]]:
        """(body, ETag, headers) of the variant for this client: Brotli, else gzip, when it accepts it,
        so a hit costs no compression; each variant has its own ETag and Content-Length."""
        for coding, body in (("br", self.brotli), ("gzip", self.gzipped)):
            if body and accepts(accept_encoding, coding):
                return (
                    body,
                    f'{self.etag[:-1]}-{coding}"',
                    [("Content-Encoding", coding), ("Content-Length", str(len(body)))],
                )
        return self.body, self.etag, [("Content-Length", str(len(self.body)))]


_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)
GZIP_MIN_BYTES = 512
# Measured on a demo article (13,284 bytes): gzip 6 gives 4,067 bytes in 0.37 ms, Brotli 5 gives 3,824
# in 0.56 ms, Brotli 11 gives 3,439 in 48 ms (too slow for a cache miss). Paid once per stored page.
BROTLI_QUALITY = 5


def accepts(accept_encoding: str, coding: str) -> bool:
    """True if the Accept-Encoding header allows ``coding`` by name (``x-gzip`` for gzip) or by ``*``;
    a weight of 0, or one that is not a number, refuses it."""
    weights: dict[str, str] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        name = {"x-gzip": "gzip"}.get(name.strip(), name.strip())
        weights.setdefault(name, params.strip().removeprefix("q=") if params.strip() else "1")
    weight = weights.get(coding, weights.get("*"))
    try:
        return weight is not None and float(weight) > 0
    except ValueError:
        return False


def lookup(key: str, generation: str) -> Entry | None:
    """The entry if it was made in this generation, is not expired and each of its tags is unchanged."""
    entry = backend().get(key)
    if (
        isinstance(entry, Entry)
        and entry.generation == generation
        and entry.expires > time.time()
        and (not entry.tags or tags_current(entry.tags))
    ):
        return entry
    return None


def local_cache() -> BaseCache | None:
    return caches[settings.PAGECACHE_LOCAL_ALIAS] if settings.PAGECACHE_LOCAL else None


def find(key: str, environ: MutableMapping[str, Any]) -> Entry | None:
    """A valid entry from this process's memory, else from the shared cache (then kept in memory).

    With Redis (one or several app hosts) a copy in memory is checked against the shared generation
    and its tags' tokens, in one ``get_many`` per request: a publish on any host is seen by the next
    request on every host, and the page itself (tens of KB) is not read again. With the file cache
    (one host) it is checked against this host's shared-memory epoch, which every invalidation on
    the host moves. On a miss, the generation read here is left in ``environ`` for :func:`store`, the
    fragments and the database router (the log position its content must be read at).
    """
    local = local_cache()
    item = local.get(key) if local is not None else None
    if settings.PAGECACHE_SHARED_GENERATION:
        if item is not None and item[1].expires > time.time() and shared_current(item[1]):
            return item[1]
        generation = current_generation()
        mark: int | str = generation
    else:
        mark = MIRROR.read() if local is not None else 0
        # Every tag bump on this host moves the epoch too, so a current epoch means current tags.
        if item is not None and item[0] == mark and item[1].expires > time.time():
            return item[1]
        generation = current_generation()
    entry = lookup(key, generation)
    if entry is None:
        environ[ENVIRON_GEN] = generation
        environ[ENVIRON_COUNTER] = mark
        environ[ENVIRON_TAGS] = scope_tags(environ, generation)
        environ[replicas.ENVIRON_POSITION] = newest_position(generation, environ[ENVIRON_TAGS])
    elif local is not None:
        local.set(key, (mark, entry), max(1, entry.seconds_left(time.time())))
    return entry


def shared_current(entry: Entry) -> bool:
    """One ``get_many``: the shared generation and each tag's token are still those of ``entry``."""
    keys = [GEN_KEY, *(TAG_PREFIX + tag for tag, _ in entry.tags)]
    found = backend().get_many(keys)
    return str(found.get(GEN_KEY)) == entry.generation and all(
        str(found.get(TAG_PREFIX + tag)) == token for tag, token in entry.tags
    )


def newest_position(generation: str, tags: Tags = ()) -> str | None:
    """The newest primary log position named by a generation and tag tokens (None without replicas)."""
    positions = [p for p in (generation_position(t) for t in (generation, *(t for _, t in tags))) if p]
    return max(positions, key=replicas.parse_position, default=None)


def response_max_age(response: HttpResponse) -> int | None:
    """None when the response must not be stored; else the longest it may be kept, in seconds."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    cache_control = response.get("Cache-Control", "")
    if _UNCACHEABLE_CC.search(cache_control):
        return None
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if not vary <= _SAFE_VARY:
        return None
    max_age = settings.PAGECACHE_MAX_AGE
    match = _MAX_AGE.search(cache_control)
    if match:
        max_age = min(max_age, int(match.group(1)))
    return max_age


def store(
    key: str,
    generation: str,
    response: HttpResponse,
    max_age: int,
    counter: int | str | None = None,
    tags: Tags = (),
) -> Entry | None:
    """Keep a rendered response; the lifetime is capped by the next time-based change (banners).

    ``tags`` are the (tag, token) pairs of the request's site and of :func:`cong.pagecache.depends_on`,
    read before the content was: a later bump of any makes the entry a miss."""
    ttl = min(max_age, seconds_to_next_boundary(generation))
    if ttl <= 0:
        return None
    body = response.content
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    gzipped = brotli_body = b""
    if (
        len(body) >= GZIP_MIN_BYTES
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").startswith(_COMPRESSIBLE)
    ):
        gzipped = gzip.compress(body, compresslevel=6, mtime=0)
        brotli_body = brotli.compress(body, quality=BROTLI_QUALITY)
        patch_vary_headers(response, ["Accept-Encoding"])
    headers = tuple(
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"etag", "x-accel-expires", "content-length"}
    )
    entry = Entry(
        generation, time.time() + ttl, response.status_code, headers, body, etag, gzipped, brotli_body, tags
    )
    backend().set(key, entry, ttl)
    local = local_cache()
    if local is not None and counter is not None:
        local.set(key, (counter, entry), ttl)
    return entry


def proxy_headers(entry: Entry, now: float, etag: str | None = None) -> list[tuple[str, str]]:
    """Headers added to every cacheable response: the (variant's) ETag and nginx's microcache lifetime."""
    proxy_ttl = min(settings.PAGECACHE_PROXY_MAX_AGE, entry.seconds_left(now))
    return [("ETag", etag or entry.etag), ("X-Accel-Expires", str(proxy_ttl))]
