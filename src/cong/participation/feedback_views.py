"""Public pages of the portal rating (/danh-gia/) and the polls (/tham-do/).

Like the question form: no cookies, proof of work, rate limits, Origin check. One rating per visitor
per day and one vote per visitor per poll, by the stats app's keyed visitor hash: a second one is
refused (409) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from cong.stats.counting import visitor_key

from .abuse import guarded
from .forms import RatingForm, VoteForm
from .models import CRITERIA, Poll, PollBallot, PortalRating, hash_token
from .views import current_site

POLL_MAX_AGE = 30


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@guarded("rating")
def rating(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        return TemplateResponse(
            request, "participation/rating.html", {"form": RatingForm(), "criteria": CRITERIA}
        )
    form = RatingForm(request.POST, request=request)
    if not form.is_valid():
        return _no_store(
            TemplateResponse(
                request, "participation/rating.html", {"form": form, "criteria": CRITERIA}, status=400
            )
        )
    data = form.cleaned_data
    try:
        with transaction.atomic():
            PortalRating.objects.create(
                site=site,
                comment=data["comment"],
                visitor_hash=visitor_key(request, "rating", site.pk),
                pow_hash=hash_token(data["altcha"].replay_id or ""),
                **{name: data[name] for name, _ in CRITERIA},
            )
    except IntegrityError:
        return _no_store(
            TemplateResponse(request, "participation/rating_done.html", {"again": True}, status=409)
        )
    return _no_store(HttpResponseRedirect(reverse("participation:rating_thanks"), status=303))


def rating_thanks(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "participation/rating_done.html", {"again": False})


def polls(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    now = timezone.now()
    all_polls = list(Poll.objects.filter(site=site, opens_at__lte=now))
    context = {
        "open_polls": [p for p in all_polls if p.is_open(now)],
        "closed_polls": [p for p in all_polls if not p.is_open(now) and p.shows_results(now)],
    }
    response = TemplateResponse(request, "participation/polls.html", context)
    patch_cache_control(response, public=True, max_age=POLL_MAX_AGE)
    return response


def _poll_page(
    request: HttpRequest, poll: Poll, form: VoteForm | None, status: int = 200, **extra: Any
) -> HttpResponse:
    now = timezone.now()
    show = poll.shows_results(now)
    tally = poll.tally() if show else []
    total = poll.ballots.count() if show else 0
    context = {
        "poll": poll,
        "form": form,
        "is_open": poll.is_open(now),
        "not_yet": now < poll.opens_at,
        "results": [(choice, n, round(100 * n / total) if total else 0) for choice, n in tally],
        "total": total,
        "voted": request.GET.get("da-binh-chon") == "1",
        **extra,
    }
    response = TemplateResponse(request, "participation/poll.html", context, status=status)
    if status != 200:
        return _no_store(response)
    patch_cache_control(response, public=True, max_age=POLL_MAX_AGE)
    return response


@csrf_exempt
@guarded("vote")
def poll(request: HttpRequest, slug: str) -> HttpResponse:
    site = current_site(request)
    poll = get_object_or_404(Poll.objects.prefetch_related("choices"), site=site, slug=slug)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        return _poll_page(request, poll, VoteForm(poll=poll) if poll.is_open() else None)
    if not poll.is_open():
        return _poll_page(request, poll, None, status=403)
    form = VoteForm(request.POST, poll=poll, request=request)
    if not form.is_valid():
        return _poll_page(request, poll, form, status=400)
    try:
        with transaction.atomic():
            ballot = PollBallot.objects.create(
                poll=poll,
                visitor_hash=visitor_key(request, f"poll:{poll.pk}", site.pk, salt=poll.vote_salt or None),
                pow_hash=hash_token(form.cleaned_data["altcha"].replay_id or ""),
            )
            ballot.choices.set(form.chosen())
    except IntegrityError:
        return _poll_page(request, poll, None, status=409, already=True)
    url = reverse("participation:poll", args=[poll.slug]) + "?da-binh-chon=1"
    return _no_store(HttpResponseRedirect(url, status=303))
