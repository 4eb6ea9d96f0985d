"""Consultations (Lấy ý kiến dự thảo) in the portal-wide search (/tim-kiem/, /api/v2/tim-kiem/),
registered with ``cong.search.extra`` in AppConfig.ready; and the moments they open or close, which
cap the lifetime of cached pages (``cong.pagecache`` expiry)."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.db.models import Min, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cong.search import query as q
from cong.search.extra import Hit, Section, per_generation
from cong.search.highlight import has_hit, highlight, snippet

from .models import Consultation

KEY = "lay-y-kien"
LABEL = "Lấy ý kiến"
# Consultations are ordered by score, then the newest opening, among this many best matches (a site
# has a few dozen); the shared index orders them by score alone, having no date for them.
SCORED_MATCHES = 200


def status(consultation: Consultation, now: datetime) -> tuple[str, str]:
    """(API value, Vietnamese text) of where the consultation stands."""
    closes = timezone.localtime(consultation.closes_at).strftime("%d/%m/%Y")
    if consultation.is_open(now):
        return "dang-lay-y-kien", f"Đang lấy ý kiến đến {closes}"
    return "da-ket-thuc", f"Đã kết thúc ngày {closes}"


def search_section(request: HttpRequest, query: str, limit: int) -> Section | None:
    """The site's opened consultations matching the query: title, summary and draft text are the
    index's three tiers, so scores are on the articles' scale (readings of unaccented queries too)."""
    site = Site.find_for_request(request)
    node = q.parse(query)
    if site is None or node is None:
        return None
    now = timezone.now()
    # The site's consultations and their openings, kept per generation (a consultation's save starts
    # one): the opened ones are a list of ids, which the index applies to its own rows (no sub-query
    # to compile), and the index is not asked at all before the first one opens.
    openings = per_generation(request, f"participation:consultations:{site.pk}", partial(_openings, site))
    opened = [pk for pk, opens_at in openings if opens_at <= now]
    if not opened:
        return None
    public = Consultation.objects.filter(pk__in=opened)
    tokens = [token for term in q.terms(node) for token in term.tokens]
    results = public.defer("draft_text").search(query).annotate_score("search_score")
    matches = list(results[: max(limit, SCORED_MATCHES)])
    matches.sort(key=lambda c: (-(getattr(c, "search_score", 1) or 1), -c.opens_at.timestamp()))
    found = matches[:limit]
    # The draft's text (long) is read only for the results whose summary has no match to show.
    need_text = [c.pk for c in found if not has_hit(c.summary, tokens)]
    texts = (
        dict(Consultation.objects.filter(pk__in=need_text).values_list("pk", "draft_text"))
        if need_text
        else {}
    )
    hits = []
    for consultation in found:
        code, text = status(consultation, now)
        hits.append(
            Hit(
                title=highlight(consultation.title, tokens),
                url=reverse("participation:consultation", args=[consultation.slug]),
                snippet=snippet(texts.get(consultation.pk) or consultation.summary, tokens),
                meta=f"{consultation.drafting_agency} · {text}",
                score=getattr(consultation, "search_score", 1) or 1,
                date=consultation.opens_at,
                details=(
                    ("status", code),
                    ("closes_at", timezone.localtime(consultation.closes_at).isoformat()),
                ),
            )
        )
    count = len(matches) if len(matches) < max(limit, SCORED_MATCHES) else results.count()
    return Section(LABEL, hits, reverse("participation:consultations"), key=KEY, count=count)


def _openings(site: Site) -> list[tuple[int, datetime]]:
    """(id, opening) of the site's consultations (``published(now)``: those opened by ``now``)."""
    return list(Consultation.objects.filter(site=site).values_list("pk", "opens_at"))


def next_change() -> datetime | None:
    """The next moment a consultation opens or closes (what public pages show of it changes)."""
    now = timezone.now()
    moments = Consultation.objects.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment), default=None)
