"""Serving uploaded files so that none of them can run as a page of the portal (docs/security.md)."""

from __future__ import annotations

import posixpath
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve
from wagtail.documents.views.serve import serve as wagtail_serve_document

# A document opens in no browser context of ours: downloaded, never sniffed, and sandboxed (no script,
# no same-origin rights) should a browser render it anyway.
FILE_CSP = "sandbox; default-src 'none'"


def harden_file_response(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    return response


def serve_document(request: HttpRequest, document_id: int, document_filename: str) -> HttpResponse:
    """Wagtail's document view (permissions, collections, audit signal) with the sandbox CSP added."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code == 200:
        if not response.get("Content-Disposition", "").startswith("attachment"):
            response["Content-Disposition"] = "attachment"
        harden_file_response(response)
    return response


def serve_media(request: HttpRequest, path: str) -> Any:
    """/media/ without a front proxy: images only (their renditions and originals), never documents.

    Documents live under media/documents/ and are reachable only through /documents/<id>/<name>
    (serve_document), where the collection's privacy is checked.
    """
    normalised = posixpath.normpath(path).lstrip("/")
    top = normalised.split("/", 1)[0]
    extension = posixpath.splitext(normalised)[1].lower().lstrip(".")
    if top not in {"images", "original_images"} or extension not in settings.WAGTAILIMAGES_EXTENSIONS:
        raise Http404
    return harden_file_response(serve(request, normalised, document_root=settings.MEDIA_ROOT))
