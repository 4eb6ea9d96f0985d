"""Public pages of Hỏi đáp: the archive (search, by field), an answered question, the question form,
the status page behind the secret link, and withdrawal.

No page here sets a cookie: the form carries no CSRF token (its posts are anonymous, have no ambient
authority to abuse, must solve a fresh single-use proof of work and come from this site's origin), so
the form page and the archive stay in the page cache. The status page is never cached or indexed.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import IntegrityError, transaction
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Site

from cong.core.models import PortalSettings
from cong.pagecache import vary_on_query
from cong.search import query as q
from cong.search.backend import CongQueryCompiler
from cong.search.extra import Hit, Section, per_generation, scorer
from cong.search.highlight import highlight, snippet

from . import notify
from .abuse import guarded
from .forms import POW_ERROR, QuestionForm
from .models import ParticipationSettings, Question, QuestionField, hash_token

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
ARCHIVE_MAX_AGE = 300


def current_site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không có trang")
    return site


def _private(response: HttpResponse) -> HttpResponse:
    """The status page: personal to the holder of the link, never stored or indexed, the secret link
    never sent on as a Referer."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def archive(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    vary_on_query(request, "q", "linh_vuc", "trang")
    fields = list(QuestionField.objects.filter(site=site))
    questions = Question.objects.published().filter(site=site).select_related("field")
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    chosen = next((f for f in fields if f.slug == request.GET.get("linh_vuc")), None)
    if chosen is not None:
        questions = questions.filter(field=chosen)
    node = q.parse(query) if query else None
    results: Any = questions.search(query) if node else questions.order_by("-published_at", "-pk")
    paginator = Paginator(results, PER_PAGE)
    try:
        page = paginator.page(request.GET.get("trang", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("Không có trang này") from exc
    tokens = [token for term in q.terms(node) for token in term.tokens] if node else []
    items = [
        {
            "question": question,
            "title": highlight(question.title, tokens) if tokens else question.title,
            "snippet": snippet(question.body, tokens) if tokens else "",
        }
        for question in page.object_list
    ]
    params = request.GET.copy()
    params.pop("trang", None)
    context = {
        "fields": fields,
        "chosen": chosen,
        "query": query,
        "items": items,
        "page_obj": page,
        "paginator": paginator,
        "filter_query": params.urlencode(),
    }
    response = TemplateResponse(request, "participation/archive.html", context)
    patch_cache_control(response, public=True, max_age=ARCHIVE_MAX_AGE)
    return response


def question_detail(request: HttpRequest, code: str) -> HttpResponse:
    site = current_site(request)
    question = get_object_or_404(
        Question.objects.published().select_related("field", "answer"), site=site, code=code.upper()
    )
    response = TemplateResponse(request, "participation/question_detail.html", {"question": question})
    patch_cache_control(response, public=True, max_age=ARCHIVE_MAX_AGE)
    return response


def _notice_context(site: Site) -> dict[str, Any]:
    from django.conf import settings

    notice = ParticipationSettings.for_site(site)
    portal = PortalSettings.for_site(site)
    return {
        "notice": notice,
        "controller": notice.controller or portal.managing_agency or portal.portal_name,
        "retention_months": settings.QA_RETENTION_MONTHS,
    }


@csrf_exempt
@guarded("question")
def ask(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    context = _notice_context(site)
    if request.method != "POST":
        form = QuestionForm(site=site)
        return TemplateResponse(request, "participation/ask.html", {**context, "form": form})
    form = QuestionForm(request.POST, request.FILES, site=site, request=request)
    if not form.is_valid():
        return _invalid(request, form, context)
    data = form.cleaned_data
    try:
        _, token = _create(request, site, data, context["notice"])
    except IntegrityError:  # the same proof of work raced another copy of this post past the cache
        return _invalid(request, form, context, "altcha")
    response = HttpResponseRedirect(reverse("participation:status", args=[token]) + "?moi=1")
    response.status_code = 303
    return _private(response)


def _invalid(
    request: HttpRequest, form: QuestionForm, context: dict[str, Any], field: str = ""
) -> HttpResponse:
    if field:
        form.add_error(field, POW_ERROR)
    response = TemplateResponse(request, "participation/ask.html", {**context, "form": form}, status=400)
    response["Cache-Control"] = "no-store"
    return response


def _create(
    request: HttpRequest, site: Site, data: dict[str, Any], notice: ParticipationSettings
) -> tuple[Question, str]:
    field: QuestionField = data["field"]
    with transaction.atomic():
        question, token = Question.create_with_code(
            site=site,
            field=field,
            department=field.department,
            title=data["title"],
            body=data["body"],
            asker_name=data["name"],
            asker_email=data["email"],
            asker_phone=data["phone"],
            consent_notice=notice.privacy_notice,
            pow_hash=hash_token(data["altcha"].replay_id or ""),
        )
        question.deadline = question.default_deadline(notice.answer_days)
        if data["attachment"]:
            upload = data["attachment"]
            # A random file name: the original one may name the asker.
            name = secrets.token_hex(16) + Path(upload.name).suffix.lower()
            question.attachment.save(name, upload, save=False)
        question.save()
        status_url = request.build_absolute_uri(reverse("participation:status", args=[token]))
        notify.send(question, Question.Status.RECEIVED, status_url)
    return question, token


def _by_token(request: HttpRequest, token: str) -> Question:
    """The question behind a secret link, on the site it was asked on only."""
    if len(token) > 64:
        raise Http404
    return get_object_or_404(
        Question.objects.select_related("field", "site"),
        token_hash=hash_token(token),
        site=current_site(request),
    )


def status(request: HttpRequest, token: str) -> HttpResponse:
    question = _by_token(request, token)
    steps = [Question.Status.RECEIVED, Question.Status.PROCESSING, Question.Status.ANSWERED]
    order = {value: n for n, value in enumerate(steps)}
    reached = order.get(question.status, 0)
    context = {
        "question": question,
        "token": token,
        "steps": [
            {"label": s.label, "done": n <= reached, "current": s == question.status}
            for n, s in enumerate(steps)
        ],
        "just_sent": request.GET.get("moi") == "1",
        "published": question.status == Question.Status.ANSWERED and question.is_public,
        "can_withdraw": question.status in (Question.Status.RECEIVED, Question.Status.PROCESSING),
    }
    return _private(TemplateResponse(request, "participation/status.html", context))


@csrf_exempt
@guarded("withdraw")
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    question = _by_token(request, token)
    if question.status not in (Question.Status.RECEIVED, Question.Status.PROCESSING):
        return _private(
            HttpResponse(
                "Câu hỏi này không thể rút nữa.", status=409, content_type="text/plain; charset=utf-8"
            )
        )
    with transaction.atomic():
        question.status = Question.Status.WITHDRAWN
        question.save()
        question.remove_personal_data()
    return _private(HttpResponseRedirect(reverse("participation:status", args=[token]), status=303))


# Answered questions are scored in Python (cong.search.extra.scorer: the shared index's levels, title
# as the title, question and answer as the body) among their newest matches, this many at most: one
# query for the matches instead of one per score level (docs/search.md §4).
SCORED_MATCHES = 200


def search_section(request: HttpRequest, query: str, limit: int) -> Section | None:
    """Answered questions in the site-wide search (/tim-kiem/), via cong.search.extra."""
    site = Site.find_for_request(request)
    node = q.parse(query)
    if site is None or node is None:
        return None
    published = Question.objects.published().filter(site=site)
    # The shared index would read every article matching a common word: skip it when there is no
    # answered question (known once per generation; an answer's publication starts a new one).
    if not per_generation(request, f"participation:answered:{site.pk}", published.exists):
        return None
    tokens = [token for term in q.terms(node) for token in term.tokens]
    wanted = max(limit, SCORED_MATCHES)
    # The index's matches among every question (the rows read apply the site and publication filters):
    # no sub-query of the queryset to compile. Rows, not instances: the columns shown and scored.
    matching_sql, matching_params = CongQueryCompiler(
        Question.objects.all(), query, order_by_relevance=False
    ).matching_ids_sql()
    found = (
        published.filter(pk__in=RawSQL(matching_sql, matching_params))
        .order_by("-published_at", "-pk")
        .values_list("code", "title", "body", "published_at", "field__name", "answer__body")
    )
    matches = list(found[:wanted])
    score = scorer(query)
    scored = [  # every match counts, at least as a body match
        (max(score(title, "", f"{body}\n{answer}"), 1), (code, title, body, published_at, field))
        for code, title, body, published_at, field, answer in matches
    ]
    scored.sort(key=lambda item: -item[0])  # stable: newest first within a score
    hits = [
        Hit(
            title=highlight(title, tokens),
            url=reverse("participation:question", args=[code]),
            snippet=snippet(body, tokens),
            meta=f"{code} · {field}",
            score=level,
            date=published_at,
        )
        for level, (code, title, body, published_at, field) in scored[:limit]
    ]
    more = f"{reverse('participation:archive')}?{urlencode({'q': query})}"
    count = len(matches) if len(matches) < wanted else found.count()
    return Section("Hỏi đáp", hits, more, key="hoi-dap", count=count)
