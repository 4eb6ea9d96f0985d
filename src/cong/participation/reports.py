"""Admin reports: portal ratings by month (averages per criterion) and a poll's results over time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.db.models.functions import TruncDay, TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Site

from .models import CRITERIA, Poll, PollBallot, PortalRating


class RatingReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Đánh giá cổng theo tháng"
    header_icon = "pick"
    template_name = "participation/admin/rating_report.html"
    breadcrumbs_items: list[dict[str, Any]] = []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("participation.view_portalrating"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sites = list(Site.objects.order_by("hostname"))
        chosen = next((s for s in sites if str(s.pk) == self.request.GET.get("site")), None)
        ratings = PortalRating.objects.all()
        if chosen is not None:
            ratings = ratings.filter(site=chosen)
        rows = (
            ratings.annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(n=Count("id"), **{name: Avg(name) for name, _ in CRITERIA})
            .order_by("-month")
        )
        context.update(
            sites=sites,
            chosen=chosen,
            criteria=CRITERIA,
            rows=[
                {
                    "month": row["month"],
                    "n": row["n"],
                    "scores": [round(row[name] or 0, 2) for name, _ in CRITERIA],
                }
                for row in rows
            ],
            comments=ratings.exclude(comment="")[:50],
        )
        return context


class PollResultsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"
    template_name = "participation/admin/poll_results.html"
    breadcrumbs_items: list[dict[str, Any]] = []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("participation.view_poll"):
            raise PermissionDenied
        self.poll = get_object_or_404(Poll, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Kết quả: {self.poll.question}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        choices = list(self.poll.choices.all())
        per_day: dict[Any, dict[int, int]] = defaultdict(dict)
        rows = (
            PollBallot.choices.through.objects.filter(pollballot__poll=self.poll)
            .annotate(day=TruncDay("pollballot__created_at"))
            .values("day", "pollchoice")
            .annotate(n=Count("id"))
        )
        for row in rows:
            per_day[row["day"]][row["pollchoice"]] = row["n"]
        ballots_per_day = dict(
            self.poll.ballots.annotate(day=TruncDay("created_at")).values_list("day").annotate(n=Count("id"))
        )
        context.update(
            poll=self.poll,
            tally=self.poll.tally(),
            total=self.poll.ballots.count(),
            choices=choices,
            days=[
                (day, ballots_per_day.get(day, 0), [per_day[day].get(c.pk, 0) for c in choices])
                for day in sorted(per_day)
            ],
        )
        return context
