"""The editorial output report (Thống kê tin bài): what was published in a period, by whom, where.

Definitions (docs/reports.md):

- *published in the period*: live articles whose publication time (``published_at``, the time readers
  see) falls in the period, in Vietnam's time zone;
- *by author*: the byline's people (``news.Author``); an article with two authors counts for both;
- *by account*: the admin account that created the article (Wagtail's page owner);
- *by status*: the current status of every article published or saved (latest revision) in the period;
- *time to publication*: from the first submission to the "Duyệt tin bài" workflow (Wagtail's
  ``WorkflowState``) to the first publication, for articles that went through the workflow;
- *fee*: coefficient × value of one coefficient, rounded to the đồng, split equally between the
  authors (the first author gets the remainder of the division).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from cong.news.models import ArticleAuthor, ArticlePage

NO_AUTHOR = "(Không ghi tác giả)"
NO_OWNER = "(Không rõ)"
DAILY_CHART_MAX_DAYS = 62
ID_BATCH = 900  # ids per IN (...) list: below every database's parameter limit

STATUSES = {
    "draft": "Nháp",
    "review": "Chờ duyệt",
    "rejected": "Bị trả lại",
    "published": "Đang đăng",
    "unpublished": "Đã gỡ",
}


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the portal's time zone."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return start, end


def fee_amount(coefficient: Decimal, unit: int) -> int:
    return int((coefficient * unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_fee(amount: int, shares: int) -> list[int]:
    """Equal shares in whole đồng; the first share takes the remainder, so the shares add up."""
    base = amount // shares
    return [base + amount - base * shares] + [base] * (shares - 1)


@dataclass
class ArticleRow:
    pk: int
    title: str
    published_at: datetime
    category: str
    authors: list[str]
    owner: str
    coefficient: Decimal | None = None
    fee: int | None = None
    review_hours: float | None = None


@dataclass
class AuthorRow:
    name: str
    unit: str
    articles: int = 0
    coefficients: Decimal = Decimal(0)
    fee: int = 0


@dataclass
class ReviewTimes:
    count: int = 0
    median_hours: float | None = None
    mean_hours: float | None = None
    max_hours: float | None = None


@dataclass
class OutputReport:
    first: date
    last: date
    fees: bool
    fee_unit: int | None
    articles: list[ArticleRow] = field(default_factory=list)
    by_author: list[AuthorRow] = field(default_factory=list)
    by_owner: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_time: list[tuple[str, int]] = field(default_factory=list)
    review: ReviewTimes = field(default_factory=ReviewTimes)

    @property
    def published(self) -> int:
        return len(self.articles)

    @property
    def fee_total(self) -> int:
        return sum(row.fee or 0 for row in self.articles)


def _submissions(page_ids: list[int]) -> dict[int, list[datetime]]:
    """When each page was submitted to a workflow (Wagtail's WorkflowState; object_id is text)."""
    page_type = ContentType.objects.get_for_model(Page)
    found: dict[int, list[datetime]] = defaultdict(list)
    for n in range(0, len(page_ids), ID_BATCH):
        ids = [str(pk) for pk in page_ids[n : n + ID_BATCH]]
        states = WorkflowState.objects.filter(base_content_type=page_type, object_id__in=ids)
        for object_id, created in states.values_list("object_id", "created_at"):
            found[int(object_id)].append(created)
    return found


def _in_moderation() -> dict[str, str]:
    """Page id (text) -> status of every page now in moderation (few: one open workflow per page)."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
    )
    return dict(states.values_list("object_id", "status"))


def _user_names(ids: set[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: (user.get_full_name() or user.get_username()) for user in users}


def output_report(first: date, last: date, fee_unit: int | None = None) -> OutputReport:
    """The report for the days `first`..`last`; fees are computed only when `fee_unit` is given."""
    start, end = day_bounds(first, last)
    report = OutputReport(first=first, last=last, fees=fee_unit is not None, fee_unit=fee_unit)
    published = ArticlePage.objects.filter(live=True, published_at__gte=start, published_at__lt=end)
    rows = list(
        published.order_by("published_at", "pk").values_list(
            "pk", "title", "published_at", "first_published_at", "path", "owner_id", "fee_coefficient"
        )
    )

    # Lookups, one query each: categories (parent pages), owners, authors, first submissions.
    step = Page.steplen
    categories = dict(
        Page.objects.filter(path__in={row[4][:-step] for row in rows}).values_list("path", "title")
    )
    owners = _user_names({row[5] for row in rows if row[5]})
    authors: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for article_id, author_id, name, unit in (
        ArticleAuthor.objects.filter(article__in=published.values("pk"))
        .order_by("article_id", "position")
        .values_list("article_id", "author_id", "author__name", "author__unit")
    ):
        authors[article_id].append((author_id, name, unit))
    submitted = _submissions([row[0] for row in rows])

    per_author: dict[int | None, AuthorRow] = {}
    review_hours: list[float] = []
    for pk, title, published_at, first_published_at, path, owner_id, coefficient in rows:
        names = authors.get(pk, [])
        row = ArticleRow(
            pk=pk,
            title=title,
            published_at=published_at,
            category=categories.get(path[:-step], ""),
            authors=[name for _, name, _ in names],
            owner=owners.get(owner_id, NO_OWNER),
        )
        before = [
            moment for moment in submitted.get(pk, []) if moment <= (first_published_at or published_at)
        ]
        if before and first_published_at:
            row.review_hours = (first_published_at - min(before)).total_seconds() / 3600
            review_hours.append(row.review_hours)
        people = names or [(None, NO_AUTHOR, "")]
        shares = [0] * len(people)
        if fee_unit is not None and coefficient is not None:
            row.coefficient = coefficient
            row.fee = fee_amount(coefficient, fee_unit)
            shares = split_fee(row.fee, len(people))
        for (author_id, name, unit), share in zip(people, shares, strict=True):
            totals = per_author.setdefault(author_id, AuthorRow(name=name, unit=unit))
            totals.articles += 1
            totals.fee += share
            if row.coefficient is not None:
                totals.coefficients += row.coefficient / len(people)
        report.articles.append(row)

    report.by_author = sorted(per_author.values(), key=lambda a: (-a.articles, a.name.casefold()))
    report.by_owner = _ranked(Counter(row.owner for row in report.articles))
    report.by_category = _ranked(Counter(row.category for row in report.articles))
    report.by_status = status_counts(start, end, published=len(rows))
    report.by_time = _by_time(
        first, last, [timezone.localtime(row.published_at).date() for row in report.articles]
    )
    if review_hours:
        report.review = ReviewTimes(
            count=len(review_hours),
            median_hours=statistics.median(review_hours),
            mean_hours=statistics.fmean(review_hours),
            max_hours=max(review_hours),
        )
    return report


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def status_counts(start: datetime, end: datetime, published: int = 0) -> list[tuple[str, int]]:
    """Current status of the articles published (`published`, counted by the caller: all live) or
    saved (latest revision) in [start, end)."""
    saved = Page.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        latest_revision_created_at__gte=start,
        latest_revision_created_at__lt=end,
    ).exclude(live=True, articlepage__published_at__gte=start, articlepage__published_at__lt=end)
    moderation = _in_moderation()
    counts: Counter[str] = Counter(published=published)
    for pk, live, first_published_at in saved.values_list("pk", "live", "first_published_at"):
        state = moderation.get(str(pk))
        if live:
            counts["published"] += 1
        elif state == WorkflowState.STATUS_IN_PROGRESS:
            counts["review"] += 1
        elif state == WorkflowState.STATUS_NEEDS_CHANGES:
            counts["rejected"] += 1
        elif first_published_at:
            counts["unpublished"] += 1
        else:
            counts["draft"] += 1
    return [(label, counts[key]) for key, label in STATUSES.items()]


def _by_time(first: date, last: date, days: list[date]) -> list[tuple[str, int]]:
    """Articles per day (short periods) or per month, every day or month of the period present."""
    counts = Counter(days)
    if (last - first).days < DAILY_CHART_MAX_DAYS:
        return [
            ((first + timedelta(n)).strftime("%d/%m/%Y"), counts[first + timedelta(n)])
            for n in range((last - first).days + 1)
        ]
    months = Counter((day.year, day.month) for day in days)
    bars, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        bars.append((f"{month:02d}/{year}", months[(year, month)]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return bars
