"""Vietnamese text helpers shared by every app: normalisation, slugs and dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext


def gettext_noop(message: str) -> str:
    """Marks a string for the catalogs (makemessages) without needing Django's settings at import."""
    return message


# Monday is 0, as in datetime.weekday(). Marked for the catalogs: English pages say
# "Wednesday, 01/12/2021 08:30" (format_local_datetime).
WEEKDAYS = (
    gettext_noop("Thứ Hai"),
    gettext_noop("Thứ Ba"),
    gettext_noop("Thứ Tư"),
    gettext_noop("Thứ Năm"),
    gettext_noop("Thứ Sáu"),
    gettext_noop("Thứ Bảy"),
    gettext_noop("Chủ Nhật"),
)


def nfc(text: str) -> str:
    """NFC-normalise text and replace the look-alike Ð (U+00D0, Icelandic eth) with Đ (U+0110)."""
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110")


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside nested lists and dicts (e.g. StreamField JSON)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {key: nfc_deep(item) for key, item in value.items()}
    return value


def strip_diacritics(text: str) -> str:
    """Remove every Vietnamese mark: "Đà Nẵng" -> "Da Nang"."""
    decomposed = unicodedata.normalize("NFD", nfc(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify_vi(text: str, max_length: int = 80) -> str:
    """ASCII URL slug of Vietnamese text: "Đoàn công tác" -> "doan-cong-tac"."""
    slug = _SLUG_JUNK.sub("-", strip_diacritics(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "bai-viet"


def format_vi_datetime(value: datetime | None, with_time: bool = True) -> str:
    """ "Thứ Tư, 01/12/2021 08:30" in the portal's local time (Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    text = f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"
    return f"{text} {value:%H:%M}" if with_time else text


def format_local_datetime(value: datetime | None, with_time: bool = True) -> str:
    """Like :func:`format_vi_datetime`, with the weekday in the active language (catalogs)."""
    text = format_vi_datetime(value, with_time)
    if not text:
        return text
    weekday, rest = text.split(", ", 1)
    return f"{gettext(weekday)}, {rest}"


META_DESCRIPTION_LENGTH = 160
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def meta_description(text: str, limit: int = META_DESCRIPTION_LENGTH) -> str:
    """Plain, NFC, one-line text of at most ``limit`` characters, cut at a word with "…"."""
    plain = _SPACE.sub(" ", _TAGS.sub(" ", nfc(text or ""))).strip().rstrip(" ,;:–-")
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"
