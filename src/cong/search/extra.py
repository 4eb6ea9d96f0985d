"""Other apps' content in the results of /tim-kiem/, next to the articles.

An app registers a provider (in its AppConfig.ready): given the request, the query and a limit, it
returns its best matches (legal documents, answered questions, ...). The search page shows them in a
section of their own with a link to the app's full search, counts them in the type filter ("Loại":
Tất cả, Tin bài, and every section with a ``key``), and puts a section marked ``first`` (a document
number query) before the articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    snippet: str = ""
    meta: str = ""


@dataclass(frozen=True)
class Section:
    label: str
    hits: list[Hit]
    more_url: str = ""
    key: str = ""  # the value of ?loai= that shows this type alone; "" = not filterable
    count: int | None = None  # every match, for the type filter's counts (None: only the hits known)
    first: bool = False  # before the articles (the query names one of these, e.g. a document number)

    @property
    def total(self) -> int:
        return len(self.hits) if self.count is None else self.count


Provider = Callable[[HttpRequest, str, int], Section | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections(request: HttpRequest, query: str, limit: int = 5) -> list[Section]:
    """Every provider's section that has hits."""
    found = (provider(request, query, limit) for provider in _providers)
    return [section for section in found if section is not None and section.hits]
