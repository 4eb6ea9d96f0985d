"""A page asked for under another language's prefix (/en/... of a page with no English translation:
Wagtail then falls back to the Vietnamese tree) redirects to its own address instead of being served
as a duplicate with the wrong ``lang``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from wagtail import hooks
from wagtail.models import Page

from cong.i18n.locales import language_code


@hooks.register("before_serve_page")
def serve_in_own_language(page: Page, request: HttpRequest, args: Any, kwargs: Any) -> HttpResponse | None:
    if getattr(request, "is_preview", False) or not hasattr(page, "locale_id"):
        return None
    own = language_code(page.locale_id)
    if own == translation.get_language():
        return None
    with translation.override(own):
        url = page.get_url(request)
    return HttpResponseRedirect(url) if url else None
