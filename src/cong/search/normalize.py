"""Vietnamese text normalisation for search, used at index time and at query time.

Public API (stable, other apps import it):

- ``clean(text)``: NFC, Ð (U+00D0) -> Đ, lone surrogates and control characters removed.
- ``place_tones(word)``: moves a misplaced tone mark to its canonical vowel. The convention is the
  "old" placement that government text mostly uses: hòa, khỏe, thủy (not hoà, khoẻ, thuỷ); quý, già.
- ``normalize(text)``: ``clean`` + tone placement + case folding: "Thuỷ LỢI" -> "thủy lợi".
- ``fold(text)``: ``normalize`` then all marks removed and đ -> d: "Đà Nẵng" -> "da nang".
- ``tokens(text)``: the normalised (exact) search tokens of a text, in order; document numbers
  such as "01-CT/TW" or "42/2022/NĐ-CP" are one token ("01-ct/tw", "42/2022/nđ-cp").
- ``is_doc_number(token)``: whether a token is such a document number.
- ``split_token(raw)``: the search tokens of one raw match of ``TOKEN_RE`` (for highlighting).
- ``fold_token(token)``: the folded form of one token.
- ``doc_number_parts(token)``: the parts of a document-number token, () for other tokens.
- ``DOC_NUMBER_PART``: the separators that may appear inside a document-number token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (thanh điệu): grave, acute, hook above, tilde, dot below.
TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")
# Vowel-quality marks that belong to the letter itself: circumflex (â ê ô), breve (ă), horn (ơ ư).
QUALITY = frozenset("\u0302\u0306\u031b")
VOWELS = frozenset("aeiouy")
DOC_NUMBER_PART = "/-."

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A word: letters/digits (with any combining marks). A document number: at least two such parts
# joined by / - or . with at least one digit somewhere ("01-CT/TW", "123/QĐ-UBND", "1.500").
_WORD = r"[^\W_]+"
_WORD_RE = re.compile(_WORD)
TOKEN_RE = re.compile(rf"{_WORD}(?:[/\-.]{_WORD})*")


def clean(text: str) -> str:
    """NFC text with Ð -> Đ, without lone surrogates, NUL or other control characters."""
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


def _nucleus(letters: list[str]) -> tuple[int, int]:
    """Start and end (exclusive) of the vowel nucleus, skipping the consonants "qu" and "gi"."""
    start = 0
    while start < len(letters) and letters[start] not in VOWELS:
        start += 1
    end = start
    while end < len(letters) and letters[end] in VOWELS:
        end += 1
    if start < end and start > 0:
        before = letters[start - 1]
        if (before == "q" and letters[start] == "u") or (
            before == "g" and letters[start] == "i" and end - start > 1
        ):
            start += 1
    return start, end


@lru_cache(maxsize=200_000)
def place_tones(word: str) -> str:
    """The word with its single tone mark on the canonical vowel (case kept); other words unchanged."""
    decomposed = unicodedata.normalize("NFD", word)
    bases: list[str] = []  # base letter plus quality marks, per letter
    tone = ""
    for ch in decomposed:
        if ch in TONES:
            if tone or not bases:
                return word  # two tones, or a stray mark: not a Vietnamese syllable
            tone = ch
        elif unicodedata.combining(ch) and bases:
            bases[-1] += ch
        else:
            bases.append(ch)
    if not tone:
        return word
    letters = [b[0].lower() for b in bases]
    start, end = _nucleus(letters)
    if start >= end:
        return word
    marked = [i for i in range(start, end) if any(m in QUALITY for m in bases[i][1:])]
    if marked:
        target = marked[-1]  # ươ -> ơ, uyê -> ê, uô -> ô
    elif end < len(letters):
        target = end - 1  # closed syllable: hoàng, toán, huỳnh
    elif end - start == 3:
        target = start + 1  # oai, oay, uyu, oeo
    else:
        target = start  # open: mía, múa, hòa, khỏe, thủy
    bases[target] += tone
    return unicodedata.normalize("NFC", "".join(bases))


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d").replace("Đ", "D")
    )


# Folding as one str.translate: every Latin letter with marks -> its bare letter, combining marks dropped.
FOLD_TABLE = {
    code: _strip_marks(chr(code))
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    if _strip_marks(chr(code)) != chr(code)
} | {code: None for code in range(0x0300, 0x0370)}


@lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> str:
    return place_tones(word).casefold()


def normalize(text: str) -> str:
    """Cleaned, tone-placed, case-folded text (punctuation and spacing kept)."""
    return _WORD_RE.sub(lambda m: _normalize_word(m.group(0)), clean(text)).casefold()


def fold(text: str) -> str:
    """``normalize`` without any marks and with đ -> d: "Hoà Bình" -> "hoa binh"."""
    return normalize(text).translate(FOLD_TABLE)


def is_doc_number(token: str) -> bool:
    return any(sep in token for sep in DOC_NUMBER_PART) and any(ch.isdigit() for ch in token)


@lru_cache(maxsize=200_000)
def split_token(raw: str) -> tuple[str, ...]:
    """One raw token -> its exact search tokens (a document number stays whole)."""
    token = "".join(_normalize_word(part) for part in re.split(r"([/\-.])", raw) if part)
    if is_doc_number(token):
        return (token,)
    return tuple(part for part in re.split(r"[/\-.]", token) if part)


def tokens(text: str) -> list[str]:
    """Exact search tokens of text, in order: words and whole document numbers."""
    return [token for raw in TOKEN_RE.findall(clean(text)) for token in split_token(raw)]


@lru_cache(maxsize=500_000)
def fold_token(token: str) -> str:
    """Folded form of one exact token."""
    return token.translate(FOLD_TABLE)


@lru_cache(maxsize=200_000)
def doc_number_parts(token: str) -> tuple[str, ...]:
    """The parts of a document-number token ("01-ct/tw" -> "01", "ct", "tw"); () for other tokens."""
    if not is_doc_number(token):
        return ()
    return tuple(part for part in re.split(r"[/\-.]", token) if part)
