"""Other apps' content in the results of /tim-kiem/ and /api/v2/tim-kiem/, ranked with the articles.

An app registers a provider (in its AppConfig.ready): given the request, the query and a limit, it
returns a ``Section``: its best ``limit`` matches (legal documents, answered questions, ...) best
first, each ``Hit`` with a ``score`` on the articles' scale (``score_text`` computes it for content
that is not in the shared index; objects searched through the shared index get it from the backend
with ``annotate_score``) and a ``date``, plus the number of every match. The search merges every
source into one list by (score, date) and counts each type in the type filter ("Loại": Tất cả, Tin
bài, and every section with a ``key``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from cong.pagecache.templatetags.pagecache import request_generation
from cong.search import query as q
from cong.search import readings
from cong.search.normalize import fold_token, is_doc_number, tokens

# A document whose number is exactly the query ranks above every text match (articles' scores: 1–6).
NUMBER_MATCH = 7


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    snippet: str = ""
    meta: str = ""
    score: int = 1  # on the articles' scale (cong.search.backend levels), NUMBER_MATCH above them
    date: datetime | None = None  # the tie-break: newest first
    number: str = ""  # a document's number ("42/2022/NĐ-CP")
    issuer: str = ""  # a document's issuing body
    details: tuple[tuple[str, str], ...] = ()  # more fields of the API's result ("status", ...)


@dataclass(frozen=True)
class Section:
    label: str
    hits: list[Hit]
    more_url: str = ""
    key: str = ""  # the value of ?loai= that shows this type alone; "" = not filterable
    count: int | None = None  # every match, for the type filter's counts (None: only the hits known)

    @property
    def total(self) -> int:
        return len(self.hits) if self.count is None else self.count


T = TypeVar("T")
Provider = Callable[[HttpRequest, str, int], Section | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections(request: HttpRequest, query: str, limit: int = 5) -> list[Section]:
    """Every provider's section that has hits."""
    found = (provider(request, query, limit) for provider in _providers)
    return [section for section in found if section is not None and section.hits]


def per_generation(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """A fact about the published content that every search of this generation shares ("does this
    site have answered questions", "the documents' index page"), computed once per page-cache
    generation (any publish or change of a registered model starts a new one: the search results
    themselves are cached just as long) and kept in each process's fragment cache."""
    if not settings.PAGECACHE_FRAGMENTS:
        return compute()
    cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    key = f"search:fact:{request_generation(request)}:{name}"
    found = cache.get(key)
    if found is None:
        found = (compute(),)  # a tuple: None and False are facts too
        cache.set(key, found, settings.PAGECACHE_MAX_AGE)
    return found[0]


def _forms(text: str, folded: bool) -> tuple[set[str], tuple[str, ...]]:
    """The text's tokens (and the parts of its document numbers), exact or folded."""
    found = [fold_token(t) if folded else t for t in tokens(text)]
    parts = {part for token in found if is_doc_number(token) for part in re.split(r"[/\-.]", token) if part}
    return set(found) | parts, tuple(t for t in found if is_doc_number(t))


def scorer(query: str) -> Callable[[str, str, str], int]:
    """``score(title, lede, body)``: the score the shared index would give an object with these three
    tiers (docs/search.md §3): 6/5/4 every word exactly (with its marks) in the title / title + lede /
    anywhere; 3/2/1 every word folded in the same tiers; 0 when some word is missing. Like the index,
    a query typed without marks is compared exactly in its likeliest reading (one look-up, here, for
    every object scored); a document number matches as a prefix, phrases as their words."""
    node = q.parse(query)
    if node is None:
        return lambda title, lede="", body="": 0
    node = readings.reading_of(node) or node
    words = [token for term in q.terms(node) for token in term.tokens]
    wanted = {False: words, True: [fold_token(w) for w in words]}
    levels = [(6, False, 0), (5, False, 1), (4, False, 2)] if q.has_marks(node) else []
    levels += [(3, True, 0), (2, True, 1), (1, True, 2)]

    def score(title: str, lede: str = "", body: str = "") -> int:
        texts = (title, lede, body)
        known: dict[tuple[bool, int], tuple[set[str], tuple[str, ...]]] = {}

        def forms(folded: bool, tier: int) -> tuple[set[str], tuple[str, ...]]:
            """The tokens of the tiers up to ``tier`` (each text tokenised once)."""
            if (folded, tier) not in known:
                found, numbers = _forms(texts[tier], folded)
                if tier:
                    below, below_numbers = forms(folded, tier - 1)
                    found, numbers = found | below, below_numbers + numbers
                known[folded, tier] = (found, numbers)
            return known[folded, tier]

        for level, folded, tier in levels:
            found, numbers = forms(folded, tier)
            if all(
                w in found or (is_doc_number(w) and any(n.startswith(w) for n in numbers))
                for w in wanted[folded]
            ):
                return level
        return 0

    return score


def score_text(query: str, title: str, lede: str = "", body: str = "") -> int:
    """``scorer(query)(title, lede, body)`` for one object."""
    return scorer(query)(title, lede, body)
