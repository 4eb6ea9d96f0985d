"""Admin-only middleware: network allow-list, session lifetime, second factor."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse

from cong.core.net import client_address as client_ip

from . import twofactor

Handler = Callable[[HttpRequest], HttpResponse]

# Session keys: when the user signed in, and their last request (Unix seconds).
LOGIN_AT = "cong_login_at"
SEEN_AT = "cong_seen_at"
# Only refresh the last-seen time (a session write) once a minute.
SEEN_RESOLUTION = 60
# Background requests that do not show that someone is at the keyboard.
NOT_ACTIVITY = ("editing-sessions/",)


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class AdminNetworkMiddleware:
    """With CONG_ADMIN_ALLOWED_NETWORKS set, /admin/ answers 403 to any other client address."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        try:
            self.networks = [ipaddress.ip_network(n, strict=False) for n in settings.ADMIN_ALLOWED_NETWORKS]
        except ValueError as error:
            raise ImproperlyConfigured(f"CONG_ADMIN_ALLOWED_NETWORKS: {error}") from error
        self.prefix = admin_prefix()

    def allowed(self, request: HttpRequest) -> bool:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.networks and request.path_info.startswith(self.prefix) and not self.allowed(request):
            return HttpResponseForbidden(
                "Trang quản trị chỉ mở cho mạng nội bộ của cơ quan.".encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class AdminSessionMiddleware:
    """A signed-in session ends 8 hours after sign-in, or after 30 minutes without a request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.prefix = admin_prefix()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie there is no one signed in: do not touch the session (that would add
        # "Vary: Cookie" to every public page).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT)
            seen_at = request.session.get(SEEN_AT, login_at)
            expired = (
                login_at is None
                or now - login_at > settings.ADMIN_SESSION_MAX_SECONDS
                or now - seen_at > settings.ADMIN_SESSION_IDLE_SECONDS
            )
            if expired:
                request.session_expired = True  # read by the audit log's logout entry
                logout(request)
                if request.path_info.startswith(self.prefix):
                    messages.info(request, "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")
                    login_url = reverse("wagtailadmin_login")
                    return HttpResponseRedirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            elif now - seen_at >= SEEN_RESOLUTION and not any(p in request.path_info for p in NOT_ACTIVITY):
                request.session[SEEN_AT] = now
        return self.get_response(request)


def start_session(request: HttpRequest) -> None:
    """Called at sign-in: the session's clock starts now."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class TwoFactorMiddleware:
    """A signed-in admin user who has not given a second factor in this session only reaches the
    verification (or enrolment) page, sign-out, and what those pages load (icons, translations)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.prefix = admin_prefix()

    def open_paths(self) -> tuple[str, ...]:
        return (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("accounts_verify"),
            reverse("accounts_enrol"),
            reverse("wagtailadmin_javascript_catalog"),
            reverse("wagtailadmin_sprite"),
            self.prefix + "password_reset/",
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = request.user
        if (
            path.startswith(self.prefix)
            and user.is_authenticated
            and not user.is_verified()
            and not twofactor.skipped_for_tests()
            and not path.startswith(self.open_paths())
            and twofactor.required_for(user)
        ):
            target = "accounts_verify" if twofactor.is_enrolled(user) else "accounts_enrol"
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
