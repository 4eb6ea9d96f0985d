"""Suggestions as you type: page titles (from the index's folded title tier, every word a whole word but
the last one a prefix, newest first) and whatever other apps register (document numbers).

``GET /tim-kiem/goi-y/?q=…`` answers JSON ``{"q": …, "suggestions": [{"label", "url", "type"}]}``. It is
read-only and the same for every visitor: cacheable (page cache, ``Cache-Control``, nginx) and under the
``search`` request limit (its path is under /tim-kiem/).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from wagtail.models import Page, PageViewRestriction, Site

from cong.pagecache import vary_on_query
from cong.pagecache.templatetags.pagecache import request_generation
from cong.pagecache.wagtail_seam import prime_site
from cong.search import backend
from cong.search.index import ENTRY, FTS_FOLDED, pg_vector
from cong.search.normalize import fold_token, tokens

MAX_CHARS = 100
MAX_WORDS = 8
LIMIT = 8
CACHE_SECONDS = 60
TITLE_LEXEMES = pg_vector("", "A")  # the expression of the title GIN index


@dataclass(frozen=True)
class Suggestion:
    label: str
    url: str
    type: str  # "page", "document", ...


Source = Callable[[HttpRequest, str, int], list[Suggestion]]
_sources: list[Source] = []


def register(source: Source) -> None:
    """Add a source of suggestions (another app's, e.g. document numbers), asked before page titles."""
    if source not in _sources:
        _sources.append(source)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _pg_quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _restricted_paths(generation: str) -> tuple[str, ...]:
    """Paths of pages with a view restriction (and so their subtrees), kept per cache generation."""
    cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    key = f"search:restricted:{generation}"
    paths = cache.get(key)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, settings.PAGECACHE_MAX_AGE)
    return paths


def page_titles(request: HttpRequest, words: list[str], limit: int) -> list[Suggestion]:
    """Live public pages of the request's site whose title has every word (the last one as a prefix)."""
    site = Site.find_for_request(request)
    root = site.root_page.path if site else ""
    restricted = _restricted_paths(request_generation(request))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = " & ".join([*map(_pg_quote, words[:-1]), _pg_quote(words[-1]) + ":*"])
            with backend._postgres_plan(cursor):
                cursor.execute(
                    f"SELECT object_id, path FROM {ENTRY} WHERE {TITLE_LEXEMES} @@ %s::tsquery AND live "
                    "AND path LIKE %s ORDER BY rank_key DESC LIMIT %s",
                    [query, root + "%", limit * 2],
                )
                rows = cursor.fetchall()
        else:
            match = "{a} : (" + " AND ".join([*map(_quote, words[:-1]), _quote(words[-1]) + " *"]) + ")"
            cursor.execute(
                f"SELECT e.object_id, e.path FROM {FTS_FOLDED} f CROSS JOIN {ENTRY} e ON e.rank_key = f.rowid "
                f"WHERE {FTS_FOLDED} MATCH %s AND e.live AND e.path LIKE %s ORDER BY f.rowid DESC LIMIT %s",
                [match, root + "%", limit * 2],
            )
            rows = cursor.fetchall()
    ids = [pk for pk, path in rows if not (restricted and path.startswith(restricted))][:limit]
    if not ids:
        return []
    order = {pk: n for n, pk in enumerate(ids)}
    pages = sorted(Page.objects.filter(pk__in=ids).only("title", "url_path"), key=lambda p: order[p.pk])
    return [Suggestion(page.title, page.get_url(request) or "", "page") for page in pages[:limit]]


def suggestions(request: HttpRequest, query: str, limit: int = LIMIT) -> list[Suggestion]:
    """Registered sources first (a document number is what someone typing "42/20" wants), then titles."""
    words = [fold_token(token) for token in tokens(query)][:MAX_WORDS]
    if not words or (len(words) == 1 and len(words[0]) < 2):
        return []
    found: list[Suggestion] = []
    for source in _sources:
        found += source(request, query, limit - len(found))
        if len(found) >= limit:
            return found[:limit]
    return found + page_titles(request, words, limit - len(found))


def suggest_view(request: HttpRequest) -> HttpResponse:
    """JSON suggestions for ``?q=``; 400 for a query over MAX_CHARS characters or with control characters."""
    vary_on_query(request, "q")
    raw = request.GET.get("q", "")
    if len(raw) > MAX_CHARS:
        return JsonResponse({"error": f"Từ khóa dài quá {MAX_CHARS} ký tự."}, status=400)
    if any(ord(char) < 32 or char == "\x7f" or 0xD800 <= ord(char) <= 0xDFFF for char in raw):
        return JsonResponse({"error": "Từ khóa có ký tự không hợp lệ."}, status=400)
    site = prime_site(request, request_generation(request))
    cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    parts = ["search:suggest", request_generation(request), str(site.pk if site else 0), raw.strip()]
    key = hashlib.blake2b("\x1e".join(parts).encode(), digest_size=16).hexdigest()
    found = cache.get(key) if settings.PAGECACHE_FRAGMENTS else None
    if found is None:
        found = [asdict(s) for s in suggestions(request, raw.strip())]
        if settings.PAGECACHE_FRAGMENTS:
            cache.set(key, found, settings.PAGECACHE_MAX_AGE)
    response = JsonResponse({"q": raw, "suggestions": found})
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
