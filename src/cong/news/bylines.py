"""Bylines (dòng tác giả): the names in a free-text byline, as the author records are keyed."""

from __future__ import annotations

import re

from cong.core.text import nfc

# Separators between names: the documented " - ", dashes, commas, semicolons, slashes, "và", "&".
_SEPARATORS = re.compile(r"\s+[-–—]\s+|\s*[,;/&]\s*|\s+và\s+", re.IGNORECASE)
# Credit labels before a name: "Bài và ảnh: ...", "Ảnh: ...", "Tin, ảnh: ..."; "Theo ..." at the start.
_KINDS = r"(?:bài|tin|ảnh|video|clip|đồ họa|nhóm phóng viên|pv|ctv)"
_LABEL = re.compile(rf"(?<!\w){_KINDS}(?:\s*(?:và|,|\+)\s*{_KINDS})*\s*:", re.IGNORECASE)
_THEO = re.compile(r"^theo\s+", re.IGNORECASE)


def split_byline(byline: str) -> list[str]:
    """The distinct names in a byline, in order, NFC, whitespace collapsed, labels removed.

    ``"Bài và ảnh: Hoàng Tùng - Đàm Thanh, hoàng  tùng"`` gives ``["Hoàng Tùng", "Đàm Thanh"]``.
    Duplicates are compared case-insensitively (see :func:`name_key`); the first spelling wins.
    """
    names: list[str] = []
    seen: set[str] = set()
    for part in _SEPARATORS.split(_LABEL.sub(" - ", nfc(byline))):
        name = _THEO.sub("", " ".join(part.split())).strip(" .:")
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def name_key(name: str) -> str:
    """How two spellings of one name compare: NFC, single spaces, case-folded."""
    return " ".join(nfc(name).split()).casefold()
