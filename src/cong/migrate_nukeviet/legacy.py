"""Old NukeViet addresses -> the new page, with one indexed query.

Forms understood (``{lang}`` and ``{module}`` may each be missing, as NukeViet's rewrite settings allow):

- article: ``/{lang}/{module}/{cat-alias}/{alias}-{id}.html`` (also without ``.html``, with ``/``)
- category: ``/{lang}/{module}/{cat-alias}/`` (and its pages ``/page-2``)
- static page: ``/{lang}/{module}/{alias}.html``
- law: ``/{lang}/{module}/detail/{alias}-{id}/``
- every one of them as ``/index.php?language=vi&nv={module}&op={...}`` (rewriting off)

All candidates of one address are asked for in one query over the ``(kind, nukeviet_id)`` and
``(kind, alias)`` indexes of ``NukeVietRecord``; the best match wins (module named in the address
first). Only live pages and existing documents are answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .models import Kind, NukeVietRecord

_LANG = re.compile(r"^[a-z]{2}$")
_WITH_ID = re.compile(r"^(?P<alias>.*?)-(?P<id>\d{1,10})(?:\.html?)?$")
_PAGE_NUMBER = re.compile(r"^page-\d+$")
_SUFFIX = re.compile(r"\.html?$")


@dataclass(frozen=True)
class Address:
    """What an old address names: the candidate (kind, id or alias) pairs and the module part."""

    segments: tuple[str, ...]

    @classmethod
    def parse(cls, path: str, query: Any = None) -> Address | None:
        query = query or {}
        if path.rstrip("/").endswith("index.php"):
            module = str(query.get("nv") or "").strip()
            if not module:
                return None
            op = str(query.get("op") or "").strip("/")
            segments = [module, *[s for s in op.split("/") if s]]
        else:
            segments = [s for s in path.split("/") if s]
            if segments and _LANG.match(segments[0]):
                segments = segments[1:]
        if segments and _PAGE_NUMBER.match(segments[-1]):
            segments = segments[:-1]
        if not segments or len(segments) > 4 or any(len(s) > 255 for s in segments):
            return None
        return cls(tuple(segments))

    def condition(self) -> Q:
        last = self.segments[-1]
        condition = Q(kind=Kind.CATEGORY, alias=last) | Q(kind=Kind.PAGE, alias=_SUFFIX.sub("", last))
        if len(self.segments) >= 2:  # the category part tells two news modules' articles apart
            condition |= Q(kind=Kind.CATEGORY, alias=self.segments[-2])
        found = _WITH_ID.match(last)
        if found:
            number = int(found["id"])
            kind = Kind.LAW if len(self.segments) >= 2 and self.segments[-2] == "detail" else Kind.ARTICLE
            condition |= Q(kind=kind, nukeviet_id=number)
        return condition

    def best(self, records: list[NukeVietRecord]) -> NukeVietRecord | None:
        """Rank by what the address's shape says (``.html`` names an article or a page, a bare alias a
        category), then by the module named in the address, then the newest record."""
        last = self.segments[-1]
        html = bool(_SUFFIX.search(last))
        parent_modules = (
            {r.module for r in records if r.kind == Kind.CATEGORY and r.alias == self.segments[-2]}
            if len(self.segments) >= 2
            else set()
        )
        records = [r for r in records if not (r.kind == Kind.CATEGORY and r.alias != last)]
        shapes = {
            Kind.LAW: 3,
            Kind.ARTICLE: 3 if html else 1,
            Kind.PAGE: 2,
            Kind.CATEGORY: 0 if html else 2,
        }
        ranked = sorted(
            records,
            key=lambda r: (
                shapes.get(r.kind, -1),
                r.module in self.segments[:-1],
                r.module in parent_modules,
                r.pk,
            ),
            reverse=True,
        )
        return ranked[0] if ranked else None


def resolve(path: str, query: Any = None, request: Any = None) -> str | None:
    """The new address of an old NukeViet one, or None."""
    address = Address.parse(path, query)
    if address is None:
        return None
    records = list(NukeVietRecord.objects.filter(address.condition()).select_related("page", "document")[:20])
    record = address.best(records)
    if record is None:
        return None
    if record.page is not None:
        return record.page.get_url(request) if record.page.live else None
    if record.document is not None:
        return record.document.get_url(request) or None
    return None
