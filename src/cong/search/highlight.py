"""Snippets and <mark> highlighting of search results: a word is marked when its folded form matches
a query token's folded form, so "da nang" highlights "Đà Nẵng" and "Đà Nẵng" highlights "Da Nang"."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cong.search.normalize import DOC_NUMBER_PART, TOKEN_RE, clean, fold_token, is_doc_number, split_token

SNIPPET_WORDS = 40


def _matchers(query_tokens: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Folded query tokens matched as whole tokens, and document numbers matched as prefixes."""
    return _frozen_matchers(tuple(query_tokens))


@lru_cache(maxsize=512)
def _frozen_matchers(query_tokens: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    folded = frozenset(fold_token(t) for t in query_tokens)
    prefixes = tuple(fold_token(t) for t in query_tokens if is_doc_number(t))
    return folded, prefixes


# A page of results repeats many words: each word's answer for a query is kept (bounded).
@lru_cache(maxsize=8192)
def _is_hit(raw: str, folded: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    for token in split_token(raw):
        token = fold_token(token)
        if token in folded or (prefixes and token.startswith(prefixes)):
            return True
    if not any(sep in raw for sep in DOC_NUMBER_PART):
        return False
    # Parts of a document number ("2022" in "42/2022/NĐ-CP") also count.
    return any(fold_token(part) in folded for part in re.split(r"[/\-.]", raw.casefold()) if part)


def highlight(text: str, query_tokens: list[str]) -> SafeString:
    """The whole text, escaped, with matching words wrapped in <mark>."""
    return _render(clean(text), query_tokens, 0, None)


def _render(text: str, query_tokens: list[str], start: int, end: int | None) -> SafeString:
    folded, prefixes = _matchers(query_tokens)
    end = len(text) if end is None else end
    out, position = [], start
    for match in TOKEN_RE.finditer(text, start, end):
        if _is_hit(match.group(0), folded, prefixes):
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            position = match.end()
    out.append(escape(text[position:end]))
    return mark_safe("".join(out))


def _char_fold(char: str) -> str:
    folded = fold_token(char)
    return folded if len(folded) == 1 else char


# One character for one character (so positions are kept): A-Z and the Latin letters with marks to
# their folded base letter ("Ẵ" -> "a", "Đ" -> "d"). Lets a snippet find its first match with one
# regular-expression search in C instead of folding every word of the text in Python.
CHAR_FOLD = str.maketrans(
    {
        chr(code): _char_fold(chr(code))
        for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    }
)


@lru_cache(maxsize=512)
def _first_hit_re(folded: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any folded query token as a whole word (document numbers as prefixes) in CHAR_FOLD-ed text."""
    words = [re.escape(t) for t in sorted(folded) if t]
    if not words:
        return None
    alternatives = "|".join(words)
    tail = r"(?![^\W_])" if not prefixes else ""
    return re.compile(rf"(?<![^\W_])(?:{alternatives}){tail}")


def has_hit(text: str, query_tokens: list[str]) -> bool:
    """Whether a query token appears in the text as a word (folded; document numbers as prefixes)."""
    pattern = _first_hit_re(*_matchers(query_tokens))
    return bool(pattern and pattern.search(clean(text).translate(CHAR_FOLD)))


def snippet(text: str, query_tokens: list[str], words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of text around the first match (or its beginning), escaped and marked.

    Only a window of the text is tokenised: the first match is found with one regular expression on
    the character-folded text, so the cost hardly grows with the length of the text."""
    text = " ".join(clean(text).split())
    if not text:
        return mark_safe("")
    pattern = _first_hit_re(*_matchers(query_tokens))
    match = pattern.search(text.translate(CHAR_FOLD)) if pattern else None
    position = match.start() if match else 0
    # About a quarter of the words before the match, the rest after it (words average < 8 characters).
    lo = text.rfind(" ", 0, max(0, position - 8 * (words // 4))) + 1 if position else 0
    window = text[lo : lo + 10 * words]
    spans = [m.span() for m in TOKEN_RE.finditer(window)]
    if lo + len(window) < len(text):
        spans = spans[:-1]  # the window may cut its last word
    if not spans:
        return mark_safe(escape(text[:300]))
    lo_word = 0
    if position:
        before = sum(1 for s in spans if s[0] < position - lo)
        lo_word = max(0, before - words // 4)
    hi_word = min(len(spans), lo_word + words)
    start = lo + (0 if lo_word == 0 and lo == 0 else spans[lo_word][0])
    end = len(text) if lo + spans[hi_word - 1][1] >= len(text.rstrip()) else lo + spans[hi_word - 1][1]
    body = _render(text, query_tokens, start, end)
    return mark_safe(("… " if start > 0 else "") + body + (" …" if end < len(text) else ""))
