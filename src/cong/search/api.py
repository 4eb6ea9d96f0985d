"""Wagtail API v2, read-only, at /api/v2/: live public pages only (search with ?search=), and
/api/v2/tim-kiem/: the ranked results of every type of /tim-kiem/.

No images or documents endpoints: Wagtail's list every image and document in the library, those of
drafts and private collections included, and nothing of the portal needs them (docs/search.md).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from rest_framework.request import Request
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from cong.pagecache import depends_on, vary_on_query
from cong.pagecache.invalidation import ALL_PAGES_TAG
from cong.pagecache.templatetags.pagecache import request_generation
from cong.pagecache.wagtail_seam import prime_site
from cong.search import mixed, readings, views
from cong.search import query as q

# Answers are the same for every reader (live, public pages only): browsers and the nginx in front may
# keep them this long; a publication shows up at the latest after it.
API_MAX_AGE = 60
# Beyond this an OFFSET scan costs more than any client needs (and beyond 2^63 SQLite cannot take it).
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1


def _int_param(request: Request, name: str) -> int | None:
    """The parameter as an integer in the database's range, None when absent; 400 when malformed."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise BadRequestError(f"{name} must be a positive integer") from None
    if not 0 <= value <= MAX_ID:
        raise BadRequestError(f"{name} must be a positive integer")
    return value


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint without random ordering (uncacheable, a full scan per request) and
    with its numeric parameters checked (400, not a database error)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if any("\x00" in f"{key}{''.join(values)}" for key, values in request.GET.lists()):
            raise BadRequestError("query parameters cannot contain NUL characters")  # PostgreSQL refuses them

    def check_query_parameters(self, queryset: QuerySet[Any]) -> None:
        super().check_query_parameters(queryset)
        if "random" in self.request.GET.get("order", "").lower().split(","):
            raise BadRequestError("random ordering is not available")
        offset = _int_param(self.request, "offset")
        if offset is not None and offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")

    def find_object(self, queryset: QuerySet[Any], request: Request) -> Any:
        if "html_path" not in request.GET:
            _int_param(request, "id")  # Wagtail would pass "abc" straight to the database (a 500)
        return super().find_object(queryset, request)

    def detail_view(self, request: Request, pk: int) -> Response:
        if not 0 <= int(pk) <= MAX_ID:
            raise BadRequestError("id out of range")
        return super().detail_view(request, pk)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=API_MAX_AGE)
        return response


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)


# --- /api/v2/tim-kiem/?q=…&loai=…&trang=N: the results of /tim-kiem/, every type in one ranked list ----

API_PER_PAGE = 20


def _bad(message: str, errors: dict[str, list[str]] | None = None) -> JsonResponse:
    """400 with the first message in ``error`` and, for the filters, every message per parameter."""
    answer: dict[str, Any] = {"error": message}
    if errors:
        answer["errors"] = errors
    return JsonResponse(answer, status=400, json_dumps_params={"ensure_ascii": False})


def search_api_view(request: HttpRequest) -> HttpResponse:
    """The same ranked list of articles, legal documents, answered questions and consultations as
    /tim-kiem/ (same parameters and filters, same order, type filter and counts), as JSON. Bad input is
    a 400 with a message, never a 5xx."""
    vary_on_query(request, *views.PARAMETERS)
    query = request.GET.get("q", "").strip()
    number = request.GET.get("trang", "1")
    if len(query) > views.MAX_QUERY_LENGTH:
        return _bad(f"q cannot be longer than {views.MAX_QUERY_LENGTH} characters")
    values = [value for name in views.PARAMETERS for value in request.GET.getlist(name)]
    if any(unicodedata.category(char) in ("Cc", "Cs") for value in values for char in value):
        return _bad("parameters cannot contain control characters")
    if not number.isascii() or not number.isdigit() or int(number) < 1:
        return _bad("trang must be a positive integer")
    site = prime_site(request, request_generation(request))
    if request.GET.get(views.SCOPE) == views.CITY_WIDE:
        depends_on(request, ALL_PAGES_TAG)  # every site's pages: a publish on any site renews it
    form = views.search_form(request, site)
    if form.is_bound and not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        return _bad(next(iter(errors.values()))[0], errors)
    if mixed.page_end(number, API_PER_PAGE) is None:
        return JsonResponse({"error": "no such page"}, status=404)
    data = form.cleaned_data if form.is_bound else dict.fromkeys(views.SearchForm.base_fields, "")
    answer: dict[str, Any] = {
        "q": data["q"],
        "loai": data["loai"],
        "chuyen_muc": data["chuyen_muc"] or None,
        "tu": data["tu"].isoformat() if data["tu"] else None,
        "den": data["den"].isoformat() if data["den"] else None,
        "pham_vi": data.get(views.SCOPE) or "",
        "trang": int(number),
        "count": 0,
        "count_exact": True,
        "counts": {},
        "counts_exact": True,
        "results": [],
    }
    if q.parse(data["q"]) is not None:  # a query with words
        with readings.shared():  # the articles and every section: one look-up of the query's reading
            outcome = views.search_outcome(request, site, form, number, API_PER_PAGE)
        if outcome is None:
            return JsonResponse({"error": "no such page"}, status=404)
        answer["count"] = outcome.paginator.count
        answer["count_exact"] = outcome.exact  # False: more match, ``count`` is the bound (§4b)
        answer["counts_exact"] = not outcome.more  # False: "tat-ca" and "tin-bai" are the bound
        answer["pages"] = outcome.paginator.num_pages
        answer["counts"] = {key or "tat-ca": count for key, _label, count in outcome.counts}
        answer["results"] = [_api_result(request, result) for result in outcome.page.object_list]
    response = JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=API_MAX_AGE)
    return response


def _api_result(request: HttpRequest, result: mixed.Result) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": result.kind,
        "type_label": result.label,
        "title": mixed.plain(result.title),
        "url": request.build_absolute_uri(result.url) if result.url.startswith("/") else result.url,
        "date": result.date.isoformat() if result.date else None,
        "snippet": mixed.plain(result.snippet),
        "score": result.score,
    }
    if result.site:
        item["site"] = result.site
    if result.number:
        item["number"] = result.number
        item["issuer"] = result.issuer
    item.update(result.details)
    return item
