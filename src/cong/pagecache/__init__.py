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
    """Declare that this response shows content invalidated by ``tags`` (beyond its own site's).

    Call it before reading that content: the tags' tokens are read now, and the stored page is a miss
    as soon as :func:`invalidate_tags` bumps any of them. Every page already depends on its site.
    """
    from .store import tag_tokens

    known = dict(getattr(request, TAGS_ATTRIBUTE, ()))
    new = tuple(tag for tag in dict.fromkeys(tags) if tag not in known)
    setattr(request, TAGS_ATTRIBUTE, (*known.items(), *tag_tokens(new)))


def invalidate_tags(*tags: str) -> None:
    """Make every cached page that depends on one of ``tags`` a miss (now and again at commit)."""
    from .invalidation import invalidate_tags as invalidate

    invalidate(tags)
