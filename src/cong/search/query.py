"""Search queries: parse what people type, compile it to SQLite FTS5 and PostgreSQL tsquery syntax.

A query is a tree of ``Term`` (one word, one document number or one quoted phrase), ``And`` and ``Or``.
Every token is produced by ``cong.search.normalize`` and written into the target syntax quoted, so no
character a user types can ever reach the FTS5 or tsquery parser as an operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelsearch import query as msq

from cong.search.normalize import clean, fold_token, is_doc_number, tokens

MAX_TERMS = 32
MAX_QUERY_CHARS = 1000

# Title, lede (and other boosted fields), body: letters for PostgreSQL weights, FTS5 column suffixes.
TIERS = ("A", "B", "C")
_QUOTES = re.compile(r"[\"“”„«»]([^\"“”„«»]*)[\"“”„«»]?")


@dataclass(frozen=True)
class Term:
    """One word, document number or phrase, as exact (normalised) tokens."""

    tokens: tuple[str, ...]

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold_token(t) for t in self.tokens)

    @property
    def prefix(self) -> bool:
        """Document numbers match as a prefix, so "42/2022" finds "42/2022/NĐ-CP"."""
        return is_doc_number(self.tokens[-1])

    @property
    def has_marks(self) -> bool:
        return self.folded != self.tokens


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | And | Or


def _combine(kind: type[And] | type[Or], children: list[Node]) -> Node | None:
    children = [c for c in children if c is not None]
    if not children:
        return None
    if len(children) == 1:
        return children[0]
    return kind(tuple(children))


def _words(text: str, operator: str = "and") -> Node | None:
    terms: list[Node] = [Term((t,)) for t in tokens(text)]
    return _combine(Or if operator == "or" else And, terms)


def parse(text: str, operator: str = "and") -> Node | None:
    """Parse a query typed by a person: words are ANDed, "quoted text" is a phrase.

    FTS or SQL syntax (* ^ ( ) : NEAR OR AND -) has no meaning here: punctuation separates words
    and AND/OR/NEAR are ordinary words. Returns None when nothing searchable is left.
    """
    text = clean(text[:MAX_QUERY_CHARS])
    parts: list[Node] = []
    position = 0
    for match in _QUOTES.finditer(text):
        parts.append(_words(text[position : match.start()], operator))
        phrase = tokens(match.group(1))
        if phrase:
            parts.append(Term(tuple(phrase)))
        position = match.end()
    parts.append(_words(text[position:], operator))
    return _limit(_combine(And, [p for p in parts if p is not None]))


def from_modelsearch(query: msq.SearchQuery | str, operator: str | None = None) -> Node | None:
    """Translate a modelsearch query object (as Wagtail's admin builds it) into our tree."""
    op = (operator or "and").lower()
    if op not in ("and", "or"):
        op = "and"
    if isinstance(query, str):
        return parse(query, op)
    if isinstance(query, msq.PlainText):
        return parse(query.query_string.replace('"', " "), query.operator)
    if isinstance(query, msq.Phrase):
        phrase = tokens(query.query_string[:MAX_QUERY_CHARS])
        return Term(tuple(phrase)) if phrase else None
    if isinstance(query, msq.Boost):
        return from_modelsearch(query.subquery, op)
    if isinstance(query, msq.And):
        return _limit(_combine(And, [from_modelsearch(q, op) for q in query.subqueries]))
    if isinstance(query, msq.Or):
        return _limit(_combine(Or, [from_modelsearch(q, op) for q in query.subqueries]))
    if isinstance(query, msq.Fuzzy):
        return parse(query.query_string, op)
    raise NotImplementedError(f"{type(query).__name__} queries are not supported by the Cổng search backend")


def terms(node: Node | None) -> list[Term]:
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    return [t for child in node.children for t in terms(child)]


def _limit(node: Node | None) -> Node | None:
    """Keep at most MAX_TERMS terms (a 5,000-character query stays cheap)."""
    budget = [MAX_TERMS]

    def cut(n: Node) -> Node | None:
        if isinstance(n, Term):
            if budget[0] <= 0:
                return None
            budget[0] -= 1
            return n
        return _combine(type(n), [cut(c) for c in n.children])

    return cut(node) if node is not None else None


def has_marks(node: Node | None) -> bool:
    """Whether any term carries diacritics (otherwise exact and folded matching are the same)."""
    return any(t.has_marks for t in terms(node))


# --- SQLite FTS5 --------------------------------------------------------------------------------------
# Two FTS5 tables, search_fts_exact and search_fts_folded, each with one column per tier (a, b, c).


def fts5(node: Node, folded: bool) -> str:
    if isinstance(node, Term):
        toks = node.folded if folded else node.tokens
        return '"' + " ".join(toks) + '"' + ("*" if node.prefix else "")
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(fts5(child, folded) for child in node.children) + ")"


def fts5_match(node: Node, folded: bool, tiers: str = "ABC") -> str:
    """An FTS5 MATCH expression restricted to the given tiers' columns (no filter for all three)."""
    expression = fts5(node, folded)
    if tiers == "ABC":
        return expression
    return "{" + " ".join(tier.lower() for tier in tiers) + "} : (" + expression + ")"


# --- PostgreSQL tsquery and text checks ------------------------------------------------------------
# The GIN indexes hold lexemes without positions (cong_lexemes, migration search.0006): the folded
# words, every pair of adjacent folded words of one tier ("cai cach") and the exact words marked with
# EXACT_MARK ("=cải"). A tsquery selects the candidates from them; whatever they cannot decide (an
# exact phrase, a folded phrase of three words or more, tiers without their own index) is checked in
# the text of those candidates: a line per tier, tokens separated by spaces, so a phrase is a
# substring " cải cách hành ".
EXACT_MARK = "="  # never part of a token (normalize.TOKEN_RE)


def pair(first: str, second: str) -> str:
    return f"{first} {second}"


def _lexeme(token: str, prefix: bool = False) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def tsquery(node: Node, exact: bool = False) -> str:
    """A tsquery of lexemes only: a term's folded word, or for a phrase its folded pairs; `exact`
    adds the term's exact words."""
    if isinstance(node, Term):
        toks, last = node.folded, len(node.tokens) - 1
        if last:
            found = [_lexeme(pair(toks[i], toks[i + 1]), node.prefix and i + 1 == last) for i in range(last)]
        else:
            found = [_lexeme(toks[0], node.prefix)]
        if exact:
            found += [_lexeme(EXACT_MARK + t, node.prefix and i == last) for i, t in enumerate(node.tokens)]
        return "(" + " & ".join(found) + ")"
    joiner = " & " if isinstance(node, And) else " | "
    return "(" + joiner.join(tsquery(child, exact) for child in node.children) + ")"


def needs_text(node: Node, folded: bool) -> bool:
    """Whether a term is a phrase that the lexemes of ``tsquery`` do not decide."""
    return any(len(t.tokens) > (2 if folded else 1) for t in terms(node))


def text_match(node: Node, folded: bool, text_sql: str) -> tuple[str, list[str]]:
    """SQL (and params) true when `text_sql` — the text of some tiers with a space before and after
    every line — holds every term of the query as consecutive tokens of one line."""
    if isinstance(node, Term):
        toks = node.folded if folded else node.tokens
        return f"strpos({text_sql}, %s) > 0", [" " + " ".join(toks) + ("" if node.prefix else " ")]
    parts = [text_match(child, folded, text_sql) for child in node.children]
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]
