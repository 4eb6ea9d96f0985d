"""The admin speaks the portal's language unless an editor chose another one in their account."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation


class AdminLanguageMiddleware:
    """In the admin, editors get ``LANGUAGE_CODE`` (Vietnamese) whatever the browser asks for.

    Needed only where something else picks a language per request (Django's ``LocaleMiddleware``
    reading Accept-Language or the language cookie): put it after that. Wagtail then applies each
    user's own choice (Tài khoản → Ngôn ngữ ưu tiên) on top, so switching to English stays possible.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = reverse("wagtailadmin_home")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.admin_prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
