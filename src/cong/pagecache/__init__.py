"""Anonymous page cache (docs/caching.md). Views that read query parameters declare them here."""

from __future__ import annotations

from django.http import HttpRequest

QUERY_ATTRIBUTE = "pagecache_query_params"
TAGS_ATTRIBUTE = "pagecache_tags"


def vary_on_query(request: HttpRequest, *names: str) -> None:
    """Declare the query parameters this page's content depends on (e.g. ``"trang"``, ``"q"``).

    A response is stored in the page cache only when every parameter of its request was declared, so a
    request with any other parameter (``?r=<random>``) is answered but never creates an entry.
    """
    declared = getattr(request, QUERY_ATTRIBUTE, frozenset())
    setattr(request, QUERY_ATTRIBUTE, declared | frozenset(names))


def depends_on(request: HttpRequest, *tags: str) -> None:
    """Declare that this response shows content invalidated by tags (e.g. ``"schedule:1:2026-W49"``).

    Call it *before* reading the content: the tags' current tokens are read now (one ``get_many``) and
    stored with the entry; :func:`cong.pagecache.invalidation.invalidate_tags` gives a tag a new token,
    and a cached entry holding an older one is a miss. Pages without tags pay nothing on a hit.
    """
    from cong.core import replicas

    from .store import generation_position, tag_tokens

    known = dict(getattr(request, TAGS_ATTRIBUTE, ()))
    new = [tag for tag in dict.fromkeys(tags) if tag not in known]
    if new:
        tokens = tag_tokens(new)
        known.update(tokens)
        setattr(request, TAGS_ATTRIBUTE, tuple(sorted(known.items())))
        # With database replicas the content read next must be at least as new as each tag's last bump.
        for _, token in tokens:
            replicas.require_position(generation_position(token))
