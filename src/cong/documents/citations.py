"""Find citations of Vietnamese documents (số ký hiệu văn bản) in running text.

Three numbering systems are recognised:

* state legal documents (Law 80/2015/QH13): number/year/code -- ``42/2022/NĐ-CP``, ``12/2022/TT-BTTTT``,
  ``05/2021/TTLT-BTC-BNV``, ``86/2015/QH13``;
* administrative documents (Decree 30/2020/NĐ-CP): number/type-issuer or number/issuer-unit --
  ``123/QĐ-UBND``, ``1234/UBND-VX``, ``45/CT-TTg``;
* Party documents (Regulation 66-QĐ/TW): number-type/issuer -- ``01-CT/TW``, ``36-HD/VPTW``, ``10-CTr/TU``.

Codes are upper-case letters (and Đ) with an optional trailing lower-case letter (``TTg``, ``CTr``).
Text is NFC-normalised first and the look-alike ``Ð`` (U+00D0) is read as ``Đ``; a number may follow
"số"/"Số:" directly. Dates (12/3/2022), fractions, phone numbers, times and URLs never match: every
code must contain letters, and a number glued to ``/``, ``.``, ``-``, ``:`` or inside a URL is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cong.core.text import strip_diacritics
from cong.search.normalize import clean

# One code segment: "NĐ", "BTTTT", "QH13", "TTg", "CTr", "UBTVQH14".
_PART = r"[A-ZĐ][A-ZĐ0-9]*[a-z]?"
# A citation may start after a non-word character other than / . - : and URL punctuation (so
# "0225-3821", "a/42/2022/...", "?id=42/2022/..." and "3.123/..." are not read as citations), or
# straight after "số" ("số01-CT/TW").
_START = r"(?:(?<![\w/.\-:=?&#%+])|(?<=[Ss][ốỐ]))"
# ... and must end where the code ends: not before a letter, digit, "/", or "-"/"." plus a letter.
_END = r"(?![\w/])(?!-\w)(?!\.\w)"

_CITATION = re.compile(
    r"(?=\d)"  # fail fast: every citation starts with a digit
    + _START
    + r"(?:"
    + rf"(?P<state>\d{{1,5}}/(?:19|20)\d{{2}}/{_PART}(?:-{_PART})*)"
    + rf"|(?P<party>\d{{1,5}}-[A-ZĐ]{{1,4}}[a-z]?/{_PART}(?:-{_PART})*)"
    + rf"|(?P<admin>\d{{1,5}}/{_PART}(?:-{_PART})+)"
    + r")"
    + _END
)
# A whitespace-delimited token that is (or contains) a URL or an e-mail address.
_URL_TOKEN = re.compile(
    r"[a-z][a-z0-9+.\-]*://|www\.|@"  # scheme://, www., e-mail
    r"|^\W*(?:[a-z0-9\-]+\.)+[a-z]{2,}(?::\d+)?/",  # bare domain/path: vbpl.vn/...
    re.I,
)
_URL_REACH = 300  # how far around a citation to look for the rest of its token
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u00f0": "đ"}
)
_LEADING_NUMBER = re.compile(r"^0+(?=\d)")
_NUMBER_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*", re.I)


@dataclass(frozen=True)
class Citation:
    """One citation found in text; ``start``/``end`` index the text as returned by :func:`prepare`."""

    start: int
    end: int
    text: str
    kind: str  # "state", "admin" or "party"

    @property
    def folded(self) -> str:
        return fold_number(self.text)


def prepare(text: str) -> str:
    """The text the parser works on: NFC, Ð read as Đ, ð as đ, control characters as spaces and
    look-alike dashes as "-".

    Every replacement is one character for one character, so offsets stay valid within NFC text.
    """
    return clean(text).translate(_DASHES)


def canonical_number(number: str) -> str:
    """A number as it is stored: NFC, no spaces, plain hyphens, no leading "Số:"."""
    text = _NUMBER_PREFIX.sub("", prepare(number).strip())
    return re.sub(r"\s+", "", text)


def fold_number(number: str) -> str:
    """Lookup key of a number: no diacritics, upper case, no leading zeros ("05-CT/TW" == "5-ct/tw")."""
    return _LEADING_NUMBER.sub("", strip_diacritics(canonical_number(number)).upper())


def find_citations(text: str) -> list[Citation]:
    """Every document number cited in ``prepare(text)``, in order of appearance."""
    text = prepare(text)
    found = []
    for match in _CITATION.finditer(text):
        start, end = match.span()
        if _in_url(text, start, end):
            continue
        kind = match.lastgroup or "admin"
        found.append(Citation(start=start, end=end, text=match.group(), kind=kind))
    return found


def _in_url(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a URL or an e-mail address (which contain no spaces)."""
    left = start
    while left > max(0, start - _URL_REACH) and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < min(len(text), end + _URL_REACH) and not text[right].isspace():
        right += 1
    return _URL_TOKEN.search(text[left:right]) is not None


def looks_like_number(text: str) -> bool:
    """True when the whole of text is one document number (used by search to rank exact matches)."""
    text = canonical_number(text)
    found = find_citations(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text)
