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


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint without random ordering (uncacheable, a full scan per request)."""

    def check_query_parameters(self, queryset: QuerySet[Any]) -> None:
        super().check_query_parameters(queryset)
        if "random" in self.request.GET.get("order", "").split(","):
            raise BadRequestError("random ordering is not available")

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=API_MAX_AGE)
        return response


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
