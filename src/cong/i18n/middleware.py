"""The language of a public page comes from its path: ``/en/...`` is English, everything else Vietnamese."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class PathLanguageMiddleware:
    """Activate the language named by the path's prefix, else ``LANGUAGE_CODE`` (vi).

    Unlike Django's ``LocaleMiddleware`` it never reads Accept-Language or a cookie and never
    redirects, so the page cache's key (the path) fully decides the language and no ``Vary`` header
    is needed. It must run before anything resolves a URL (``i18n_patterns`` match the active language).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", language))
        return response
