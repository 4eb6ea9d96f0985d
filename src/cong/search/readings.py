"""The reading people mean: which accented form an unaccented query most likely stands for, learnt
from the portal's own text.

When indexing, every object adds 1 to each distinct word, and each distinct pair of adjacent words, of
its title and lede (tiers A and B) in ``SearchReading`` (folded form → exact form → count); re-indexing
takes the object's previous forms off first, deleting it takes them off. A query typed without any
mark is then searched as its likeliest reading: "da nang" is searched as "đà nẵng" when the portal
writes *Đà Nẵng* far more often than *đa năng*, so exact matches of that reading rank first (before
the date), and every other accented form still matches (folded). A query with marks is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import pairwise
from typing import Any

from django.db import connection, transaction

from cong.search import query as q
from cong.search.normalize import fold_token, is_doc_number

TABLE = "search_searchreading"
MAX_LENGTH = 200
Tokens = dict[str, list[str]]
Forms = dict[str, list[tuple[int, str]]]  # folded unit -> (count, exact form), most frequent first
# Inside ``shared()``: the forms already looked up (folded words and pairs → their forms), so one search
# request (its articles and their levels, every section, "Có phải bạn muốn tìm") asks the table once
# per query.
_shared: ContextVar[dict[tuple[str, ...], Forms] | None] = ContextVar("readings", default=None)


@contextmanager
def shared() -> Iterator[None]:
    """Look each query's reading up once within this block (one search request)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def units(per_tier: Tokens) -> set[str]:
    """The distinct words and adjacent-word pairs of the title and lede tiers, exact (with marks)."""
    found: set[str] = set()
    for tier in ("A", "B"):
        words = per_tier.get(tier, [])
        found.update(words)
        found.update(f"{first} {second}" for first, second in pairwise(words))
    return {unit for unit in found if "/" not in unit and len(unit) <= MAX_LENGTH}


def record(cursor: Any, delta: Counter[str]) -> None:
    """Add each unit's count change to the table (one statement for the batch)."""
    rows = [(fold_token(unit), unit, change) for unit, change in delta.items() if change]
    if not rows:
        return
    cursor.executemany(
        f"INSERT INTO {TABLE} (folded, exact, count) VALUES (%s, %s, %s) "
        f"ON CONFLICT (folded, exact) DO UPDATE SET count = {TABLE}.count + excluded.count",
        rows,
    )


def reset(cursor: Any) -> None:
    cursor.execute(f"DELETE FROM {TABLE}")


def compact(cursor: Any) -> None:
    """After a rebuild: drop the units no longer written anywhere and, on PostgreSQL, write the table
    again in order. Every batch of a rebuild added its counts to the same rows, so most of the table
    was dead row versions (at 100,000 articles 33 MB for 7 MB of live rows, plus bloated indexes)."""
    cursor.execute(f"DELETE FROM {TABLE} WHERE count <= 0")
    if connection.vendor != "postgresql":
        return
    with transaction.atomic():  # searches wait for the new table rather than see an empty one
        cursor.execute(
            f"CREATE TEMPORARY TABLE cong_readings_kept AS SELECT folded, exact, count FROM {TABLE}"
        )
        cursor.execute(f"TRUNCATE {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (folded, exact, count) "
            "SELECT folded, exact, count FROM cong_readings_kept ORDER BY folded, exact"
        )
        cursor.execute("DROP TABLE cong_readings_kept")


def forms_of(words: list[str]) -> Forms:
    """The forms of folded words and of their adjacent pairs that some title or lede holds (one look-up,
    shared within ``shared()``)."""
    if not words:
        return {}
    key = tuple(words)
    known = _shared.get()
    if known is not None and key in known:
        return known[key]
    pairs = [f"{first} {second}" for first, second in pairwise(words)]
    keys = list(dict.fromkeys([*words, *pairs]))
    forms: Forms = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT folded, exact, count FROM {TABLE} WHERE folded IN ({', '.join(['%s'] * len(keys))}) "
            "AND count > 0",
            keys,
        )
        for folded, exact, count in cursor.fetchall():
            forms.setdefault(folded, []).append((count, exact))
    for found in forms.values():
        found.sort(reverse=True)
    if known is not None:
        known[key] = forms
    return forms


def likeliest(words: list[str]) -> list[str] | None:
    """The likeliest accented reading of folded words: the most frequent form of each adjacent pair
    that agrees with the word chosen before it, else of the word alone. None when nothing is known."""
    if not words:
        return None
    forms = forms_of(words)
    if not forms:
        return None
    pairs = [f"{first} {second}" for first, second in pairwise(words)]
    best = {folded: [exact for _count, exact in found] for folded, found in forms.items()}
    reading: list[str] = []
    for index, word in enumerate(words):
        chosen = None
        if index == 0 and len(words) > 1 and best.get(pairs[0]):
            chosen = best[pairs[0]][0].split(" ")[0]
        elif index > 0:  # the likeliest pair that agrees with the word chosen before
            chosen = next(
                (
                    form.split(" ")[1]
                    for form in best.get(pairs[index - 1], [])
                    if form.split(" ")[0] == reading[-1]
                ),
                None,
            )
        reading.append(chosen or (best.get(word) or [word])[0])
    return reading


def reading_of(node: q.Node | None) -> q.Node | None:
    """The query with every word in its likeliest reading, when it was typed without any mark and a
    reading with marks is known; otherwise None. Document numbers are kept as typed."""
    if node is None or q.has_marks(node):
        return None
    words = [token for term in q.terms(node) for token in term.tokens if not is_doc_number(token)]
    reading = likeliest(words)
    if not reading or reading == words:
        return None
    # A word typed twice keeps the reading chosen for its first occurrence.
    mapping = dict(reversed(list(zip(words, reading, strict=True))))
    return _replace(node, mapping)


def _words(node: q.Node) -> list[str]:
    """The query's folded words in order, document numbers left out (as the table leaves them out)."""
    return [fold_token(token) for term in q.terms(node) for token in term.tokens if not is_doc_number(token)]


def in_heads(node: q.Node, exact: bool) -> bool:
    """Whether the query may match within the title and lede of counted content (live pages and
    objects that are not pages). False when one of its words, or one adjacent pair of a phrase, is in
    no title or lede (with the marks typed when ``exact``): the title and title + lede levels are then
    empty and need not be read (docs/search.md §3). True when unknown (document numbers, long words)."""
    forms = forms_of(_words(node))

    def known(unit: str) -> bool:
        if is_doc_number(unit) or "/" in unit or len(unit) > MAX_LENGTH:
            return True
        found = forms.get(fold_token(unit), [])
        return any(form == unit for _count, form in found) if exact else bool(found)

    def may_match(part: q.Node) -> bool:
        if isinstance(part, q.Term):
            if any(is_doc_number(token) for token in part.tokens):
                return True
            units = [*part.tokens, *(f"{a} {b}" for a, b in pairwise(part.tokens))]
            return all(known(unit) for unit in units)
        children = [may_match(child) for child in part.children]
        return all(children) if isinstance(part, q.And) else any(children)

    return may_match(node)


def _replace(node: q.Node, mapping: dict[str, str]) -> q.Node:
    if isinstance(node, q.Term):
        return q.Term(tuple(mapping.get(token, token) for token in node.tokens))
    return type(node)(tuple(_replace(child, mapping) for child in node.children))


def did_you_mean(text: str) -> str | None:
    """ "Có phải bạn muốn tìm: …": the likeliest reading of an unaccented query, as words."""
    reading = reading_of(q.parse(text))
    if reading is None:
        return None
    return " ".join(token for term in q.terms(reading) for token in term.tokens)
