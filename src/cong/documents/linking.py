"""Link the document numbers cited in article text to the documents' pages.

Rules: only numbers whose document is in the database are linked; within a paragraph only the first
occurrence of each document; never inside an existing link or a heading. When a number belongs to
several documents (Party numbers restart each term, administrative numbers each year), the one issued
on or before the article's date, closest to it, wins.

Rendering an article must stay cheap, so the linked rich-text sources of an article are cached in the
shared cache under a hash of its text and date; the entry also records the documents "generation", a
token renewed whenever a document (or the documents page) changes, and an entry of an older generation
counts as a miss. A warm render therefore costs one cache read and no SQL query.

The models are taken from Django's registry, not imported: the models module's page uses this one.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from django.apps import apps
from django.core.cache import cache
from django.utils import timezone

from .citations import find_citations, prepare

GENERATION_KEY = "documents:generation"
LINKS_KEY = "documents:links:{digest}"
LINKS_TIMEOUT = 7 * 24 * 3600
SKIP_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "code", "pre"}
PARAGRAPH_TAGS = {"p", "li", "blockquote", "td", "th", "dd", "dt", "figcaption", "div"}


@dataclass(frozen=True)
class Candidate:
    """What linking needs to know about one document."""

    pk: int
    number_folded: str
    issued_on: date | None
    title: str
    slug: str


def pick(candidates: Iterable[Candidate], on: date | None) -> Candidate | None:
    """The document a citation made on ``on`` refers to, or None when no candidate fits.

    A dated document issued after the article cannot be the one it cites. Among those issued on or
    before, the latest wins; failing that, a single undated document is taken.
    """
    candidates = list(candidates)
    dated = [c for c in candidates if c.issued_on is not None and (on is None or c.issued_on <= on)]
    if dated:
        return max(dated, key=lambda c: (c.issued_on, c.pk))
    undated = [c for c in candidates if c.issued_on is None]
    return undated[0] if len(undated) == 1 else None


def candidates_for(folded_numbers: Iterable[str]) -> dict[str, list[Candidate]]:
    """All documents carrying each folded number, in one query."""
    folded_numbers = set(folded_numbers)
    found: dict[str, list[Candidate]] = {}
    if not folded_numbers:
        return found
    rows = (
        apps.get_model("documents", "LegalDocument")
        .objects.public()
        .filter(number_folded__in=folded_numbers)
        .only("pk", "number", "number_folded", "doc_type", "issued_on", "slug")
    )
    for doc in rows:
        found.setdefault(doc.number_folded, []).append(
            Candidate(doc.pk, doc.number_folded, doc.issued_on, str(doc), doc.slug)
        )
    return found


def article_date(page: Any) -> date | None:
    moment: datetime | None = getattr(page, "display_date", None) or getattr(page, "published_at", None)
    if moment is None:
        return None
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def link_html(html: str, resolve: Callable[[str], tuple[str, str] | None]) -> str | None:
    """``html`` with cited numbers linked, or None when nothing was linked.

    ``resolve(folded_number)`` returns ``(url, title)`` of the cited document, or None.
    """
    soup = BeautifulSoup(html, "html.parser")
    linked: set[tuple[int, str]] = set()  # (paragraph, url): first occurrence per paragraph only
    changed = False
    for node in list(soup.find_all(string=True)):
        if type(node) is not NavigableString or any(p.name in SKIP_TAGS for p in node.parents):
            continue
        text = prepare(str(node))
        citations = find_citations(text)
        if not citations:
            continue
        paragraph = next((p for p in node.parents if p.name in PARAGRAPH_TAGS), soup)
        pieces: list[Any] = []
        position = 0
        for citation in citations:
            target = resolve(citation.folded)
            if target is None or (id(paragraph), target[0]) in linked:
                continue
            linked.add((id(paragraph), target[0]))
            link = soup.new_tag("a", attrs={"href": target[0], "class": "doc-cite", "title": target[1]})
            link.string = citation.text
            pieces += [NavigableString(text[position : citation.start]), link]
            position = citation.end
        if pieces:
            pieces.append(NavigableString(text[position:]))
            node.replace_with(*[p for p in pieces if isinstance(p, Tag) or str(p)])
            changed = True
    return str(soup) if changed else None


def link_sources(sources: list[str], on: date | None) -> dict[str, str]:
    """Compute (without the cache) the linked version of each rich-text source that cites a document."""
    numbers = {
        c.folded
        for source in sources
        for c in find_citations(BeautifulSoup(source, "html.parser").get_text(" "))
    }
    if not numbers:
        return {}
    candidates = candidates_for(numbers)
    if not candidates:
        return {}
    index_page = apps.get_model("documents", "DocumentIndexPage").objects.live().first()
    if index_page is None:
        return {}
    base = index_page.url or "/"

    def resolve(folded: str) -> tuple[str, str] | None:
        doc = pick(candidates.get(folded, []), on)
        if doc is None:
            return None
        return base + index_page.reverse_subpage("document", args=[doc.slug]), doc.title

    result = {}
    for source in sources:
        linked = link_html(source, resolve)
        if linked is not None:
            result[source] = linked
    return result


def bump_generation() -> None:
    """Invalidate every cached linking: called when documents or the documents page change."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def cached_link_sources(sources: list[str], on: date | None) -> dict[str, str]:
    """:func:`link_sources` through the shared cache (one cache read when warm)."""
    digest = hashlib.sha256("\x00".join([str(on), *sources]).encode("utf-8", "surrogatepass")).hexdigest()
    key = LINKS_KEY.format(digest=digest)
    hit = cache.get_many([GENERATION_KEY, key])
    generation = hit.get(GENERATION_KEY)
    entry = hit.get(key)
    if generation is not None and isinstance(entry, dict) and entry.get("generation") == generation:
        return entry["links"]
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    links = link_sources(sources, on)
    cache.set(key, {"generation": generation, "links": links}, LINKS_TIMEOUT)
    return links


def article_links(page: Any) -> dict[str, str]:
    """Linked sources of an article's rich-text blocks, computed once per page object."""
    memo = getattr(page, "_cong_document_links", None)
    if memo is None:
        sources = [block.value.source for block in page.body if block.block_type == "text"]
        memo = cached_link_sources(sources, article_date(page)) if sources else {}
        page._cong_document_links = memo
    return memo
