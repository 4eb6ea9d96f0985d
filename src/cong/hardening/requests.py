"""Requests no page can answer: a NUL character in the path.

PostgreSQL cannot hold NUL in text, so a lookup by such a path (a page route, a redirect, an old NukeViet
address, a document name) would fail inside the database driver and answer 500. No address of the
portal contains one, so such a request is answered 400 before any view or query runs. Query parameters
are left to the pages' forms, which refuse NUL with their own 400 page and message.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            return HttpResponseBadRequest("Địa chỉ không hợp lệ.", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
