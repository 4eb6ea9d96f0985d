"""Wagtail API v2, read-only, at /api/v2/: live public pages only (search with ?search=).

No images or documents endpoints: Wagtail's list every image and document in the library, those of
drafts and private collections included, and nothing of the portal needs them (docs/search.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.cache import patch_cache_control
from rest_framework.request import Request
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

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
