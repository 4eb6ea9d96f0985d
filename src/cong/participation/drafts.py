"""Splitting the text of a draft legal document into its parts: Chương, Điều, Khoản.

Lines starting "Chương I" / "Chương 2" open a chapter, "Điều 5." an article, "1." (inside an article)
a clause; everything else is text of the current part. Text before the first part is the preamble
(not a part: comments on it go to the whole draft).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from cong.core.text import nfc

CHAPTER = re.compile(r"^\s*Chương\s+([IVXLCDM]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)
ARTICLE = re.compile(r"^\s*Điều\s+(\d+[a-z]?)\s*[.:]\s*(.*)$", re.IGNORECASE)
CLAUSE = re.compile(r"^\s*(\d+)\s*\.\s+(.*)$")


@dataclass
class Part:
    kind: str  # "chuong", "dieu", "khoan"
    label: str
    heading: str
    lines: list[str] = field(default_factory=list)
    parent: int | None = None  # index of the parent part in the list

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def split_draft(text: str) -> list[Part]:
    parts: list[Part] = []
    chapter: int | None = None
    article: int | None = None
    for raw in nfc(text).splitlines():
        line = raw.rstrip()
        if match := CHAPTER.match(line):
            parts.append(Part("chuong", f"Chương {match.group(1).upper()}", match.group(2).strip()))
            chapter, article = len(parts) - 1, None
        elif match := ARTICLE.match(line):
            parts.append(Part("dieu", f"Điều {match.group(1)}", match.group(2).strip(), parent=chapter))
            article = len(parts) - 1
        elif article is not None and (match := CLAUSE.match(line)):
            label = f"Khoản {match.group(1)} {parts[article].label}"
            parts.append(Part("khoan", label, "", [match.group(2).strip()], parent=article))
        elif parts and line.strip():
            if parts[-1].kind == "chuong" and not parts[-1].heading:
                parts[-1].heading = line.strip()  # "Chương I" alone on its line, its title below
            else:
                parts[-1].lines.append(line.strip())
    return parts


MAX_UPLOADED_TEXT = 2_000_000  # characters: a draft law is well under this


def text_of_file(document: Any) -> str:
    """The text of an uploaded draft (a Wagtail document): the paragraphs of a DOCX, or a UTF-8 TXT
    file; "" for any other file or one that cannot be read."""
    name = (getattr(document, "filename", "") or document.file.name or "").lower()
    try:
        with document.file.open("rb") as handle:
            data = handle.read(MAX_UPLOADED_TEXT * 4)
    except (OSError, ValueError):
        return ""
    if name.endswith(".txt"):
        text = data.decode("utf-8-sig", errors="replace")
    elif name.endswith(".docx"):
        from docx import Document as DocxDocument

        try:
            paragraphs = DocxDocument(io.BytesIO(data)).paragraphs
        except Exception:  # a corrupt or non-DOCX file: no text (the admin form says so)
            return ""
        text = "\n".join(p.text for p in paragraphs)
    else:
        return ""
    return nfc(text.replace("\r\n", "\n"))[:MAX_UPLOADED_TEXT].strip()
