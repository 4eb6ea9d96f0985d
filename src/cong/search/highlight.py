"""Snippets and <mark> highlighting of search results: a word is marked when its folded form matches
a query token's folded form, so "da nang" highlights "Đà Nẵng" and "Đà Nẵng" highlights "Da Nang"."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cong.search.normalize import DOC_NUMBER_PART, TOKEN_RE, clean, fold_token, is_doc_number, split_token

SNIPPET_WORDS = 40


def _matchers(query_tokens: list[str]) -> tuple[set[str], tuple[str, ...]]:
    """Folded query tokens matched as whole tokens, and document numbers matched as prefixes."""
    folded = {fold_token(t) for t in query_tokens}
    prefixes = tuple(fold_token(t) for t in query_tokens if is_doc_number(t))
    return folded, prefixes


def _is_hit(raw: str, folded: set[str], prefixes: tuple[str, ...]) -> bool:
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


def snippet(text: str, query_tokens: list[str], words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of text around the first match (or its beginning), escaped and marked."""
    text = " ".join(clean(text).split())
    if not text:
        return mark_safe("")
    folded, prefixes = _matchers(query_tokens)
    matches = list(TOKEN_RE.finditer(text))
    spans = [m.span() for m in matches]
    first = next((i for i, m in enumerate(matches) if _is_hit(m.group(0), folded, prefixes)), 0)
    lo = max(0, first - words // 4)
    hi = min(len(spans), lo + words)
    lo = max(0, hi - words)
    if not spans:
        return mark_safe(escape(text[:300]))
    start = 0 if lo == 0 else spans[lo][0]
    end = len(text) if hi == len(spans) else spans[hi - 1][1]
    body = _render(text, query_tokens, start, end)
    return mark_safe(("… " if start > 0 else "") + body + (" …" if end < len(text) else ""))
