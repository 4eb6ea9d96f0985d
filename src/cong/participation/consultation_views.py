"""Public pages of Lấy ý kiến dự thảo (/lay-y-kien/): open drafts, a draft with its parts, published
comments and the agency's responses, and the comment form (moderated before display)."""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from .abuse import guarded
from .forms import CommentForm
from .models import Comment, Consultation, hash_token
from .views import current_site

MAX_AGE = 60


def consultations(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    now = timezone.now()
    items = list(Consultation.objects.filter(site=site).published(now))
    context = {
        "open": [c for c in items if c.is_open(now)],
        "closed": [c for c in items if not c.is_open(now)],
    }
    response = TemplateResponse(request, "participation/consultations.html", context)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _page(
    request: HttpRequest, consultation: Consultation, form: CommentForm | None, status: int = 200
) -> HttpResponse:
    published = consultation.comments.filter(status=Comment.Status.PUBLISHED).order_by("created_at")
    by_part: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in published:
        by_part[comment.part_id].append(comment)
    parts = [(part, by_part.get(part.pk, [])) for part in consultation.parts.all()]
    context = {
        "consultation": consultation,
        "parts": parts,
        "whole": by_part.get(None, []),
        "form": form,
        "is_open": consultation.is_open(),
        "sent": request.GET.get("da-gop-y") == "1",
    }
    response = TemplateResponse(request, "participation/consultation.html", context, status=status)
    if status == 200:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    else:
        response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@guarded("comment")
def consultation(request: HttpRequest, slug: str) -> HttpResponse:
    site = current_site(request)
    item = get_object_or_404(Consultation.objects.published(), site=site, slug=slug)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        return _page(request, item, CommentForm(consultation=item) if item.is_open() else None)
    if not item.is_open():
        return _page(request, item, None, status=403)
    form = CommentForm(request.POST, consultation=item, request=request)
    if not form.is_valid():
        return _page(request, item, form, status=400)
    data = form.cleaned_data
    try:
        Comment.objects.create(
            consultation=item,
            part=data["part"],
            author=data["author"],
            text=data["text"],
            pow_hash=hash_token(data["altcha"].replay_id or ""),
        )
    except IntegrityError:
        return _page(request, item, form, status=400)
    url = reverse("participation:consultation", args=[item.slug]) + "?da-gop-y=1#gop-y"
    response = HttpResponseRedirect(url, status=303)
    response["Cache-Control"] = "no-store"
    return response
