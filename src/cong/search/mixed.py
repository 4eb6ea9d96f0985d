"""One ranked list across types for /tim-kiem/ and /api/v2/tim-kiem/: articles (the shared index) and
every registered source of cong.search.extra (legal documents, answered questions, consultations), merged by
(score, date) — docs/search.md §4, "One ranking across types"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from html import unescape
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from cong.search import extra

ARTICLES = "tin-bai"  # ?loai=tin-bai: articles only; other types are the sections' keys
ARTICLES_LABEL = "Tin bài"
# Deeper pages are not served (404): every source is read up to the page's end.
MAX_PAGE = 1000


@dataclass(frozen=True)
class Result:
    """One result of any type, as the page renders it and the API returns it."""

    kind: str  # "tin-bai", "van-ban", "hoi-dap", ...
    label: str  # "Tin bài", "Văn bản", ...
    title: str  # may be marked HTML (SafeString)
    url: str
    score: int
    date: datetime | None
    snippet: str = ""
    meta: str = ""
    site: str = ""
    number: str = ""
    issuer: str = ""
    details: tuple[tuple[str, str], ...] = ()  # extra.Hit.details
    page: Any = None  # the article, for the template


@dataclass
class Outcome:
    paginator: Paginator
    page: Any  # django.core.paginator.Page whose object_list is a list[Result]
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (key, label, count), "" = all
    sections: list[extra.Section] = field(default_factory=list)
    # More articles match than settings.SEARCH_COUNT_LIMIT: the "all" and the articles' counts are that
    # bound (a lower bound), and a list with the articles (``exact`` False) shows only that many.
    more: bool = False
    exact: bool = True  # the paginator's count is every result


def as_datetime(value: date | datetime | None) -> datetime | None:
    """Dates (a document's issue date) as the start of that day, local time, to compare with articles."""
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _key(result: Result) -> tuple[int, float]:
    moment = result.date
    return (-result.score, -moment.timestamp() if moment else float("inf"))


def merge(lists: list[list[Result]]) -> list[Result]:
    """Best score first, then newest; ties keep the order of ``lists`` (articles first) and of each list."""
    return sorted((result for results in lists for result in results), key=_key)


class MergedResults:
    """What the Paginator pages through: ``count()`` from the sources' counts, a slice [a, b) from each
    source's best b results merged (every source is read best first, so the merge of their first b is
    the first b of the merge)."""

    def __init__(
        self,
        articles: Any,  # the articles (with annotate_score's scores) up to the page's end, or None
        article_result: Any,  # callable: list of articles → list[Result]
        sections: list[extra.Section],
        article_count: int,
        limit: int | None = None,
    ) -> None:
        self.articles = articles
        self.article_result = article_result
        self.sections = sections
        self.article_count = article_count
        self.limit = limit  # only the first `limit` results are listed (more articles than counted)

    def count(self) -> int:
        total = self.article_count + sum(section.total for section in self.sections)
        return total if self.limit is None else min(total, self.limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Result]:
        stop = index.stop
        lists = [self.article_result(list(self.articles[:stop]))] if self.articles is not None else []
        lists += [[section_result(section, hit) for hit in section.hits[:stop]] for section in self.sections]
        return merge(lists)[index.start : stop]


def section_result(section: extra.Section, hit: extra.Hit) -> Result:
    return Result(
        kind=section.key or section.label,
        label=section.label,
        title=hit.title,
        url=hit.url,
        score=hit.score,
        date=as_datetime(hit.date),
        snippet=hit.snippet,
        meta=hit.meta,
        number=hit.number,
        issuer=hit.issuer,
        details=hit.details,
    )


def plain(text: str) -> str:
    """A result's text without its <mark> tags (for the API)."""
    if isinstance(text, SafeString):
        return unescape(strip_tags(text))
    return text


def page_end(number: str, per_page: int) -> int | None:
    """The index after the last result of page ``number`` (None when it is not a page number)."""
    try:
        value = int(number)
    except (TypeError, ValueError):
        return None
    return value * per_page if 1 <= value <= MAX_PAGE else None


def search(
    request: HttpRequest,
    query: str,
    articles: Any,
    article_result: Any,
    kind: str,
    number: str,
    per_page: int,
    with_sections: bool = True,
) -> Outcome | None:
    """The page ``number`` of one ranked list of the types ``kind`` selects ("" = every type); None past
    the last page. ``articles`` is the article search (with ``annotate_score``), ``article_result``
    turns a list of articles into Results (snippets read in one query)."""
    stop = page_end(number, per_page)
    if stop is None:
        return None
    sections = extra.sections(request, query, limit=stop) if with_sections else []
    article_count = 0
    # Articles are counted up to the bound: one past it means "more" (counting 100,000 matches costs
    # more than the whole page otherwise).
    bound = settings.SEARCH_COUNT_LIMIT
    if articles is not None and kind in ("", ARTICLES) and stop == per_page:
        # The first page's articles are read first: fewer than a page are all of them (no count). Deeper
        # pages count first, so a page past the end reads no article.
        found = list(articles[:stop])
        article_count = len(found) if len(found) < stop else articles.bounded_count(bound)
        articles = found
    elif articles is not None:
        article_count = articles.bounded_count(bound)
    more = article_count > bound
    article_count = min(article_count, bound)
    counts: list[tuple[str, str, int]] = []
    if any(section.key and section.total for section in sections):
        counts = [
            ("", "Tất cả", bound if more else article_count + sum(s.total for s in sections)),
            (ARTICLES, ARTICLES_LABEL, article_count),
        ]
        counts += [(s.key, s.label, s.total) for s in sections if s.key]
    if kind == ARTICLES:
        chosen, shown = articles, []
    elif kind:
        chosen, shown = None, [s for s in sections if s.key == kind]
        article_count = 0
    else:
        chosen, shown = articles, sections
    exact = not (more and chosen is not None)
    merged = MergedResults(
        chosen, article_result, shown, article_count if chosen is not None else 0, None if exact else bound
    )
    paginator = Paginator(merged, per_page)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        return None
    return Outcome(paginator, page, counts, sections, more, exact)
