"""Sign-in lockout (django-axes): the client address as axes stores it, the lockout page, and unlocking."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cong.core.net import client_address as client_ip

# Unique-local IPv6 prefix: a pseudonym can never be mistaken for a routable address.
PSEUDONYM_PREFIX = b"\xfd\x00"


def client_pseudonym(request: HttpRequest) -> str:
    """A keyed hash of the client address, written as an IPv6 address in fd00::/8.

    Axes counts failures per address and keeps the address in a column of IP type; this keeps the
    counting (one address, one pseudonym) without storing the address itself. The key is derived from
    SECRET_KEY, so the pseudonym cannot be reversed by hashing every IPv4 address without the key.
    """
    digest = salted_hmac("cong.accounts.client", client_ip(request)).digest()
    return str(ipaddress.IPv6Address(PSEUDONYM_PREFIX + digest[:14]))


def cooloff() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def cooloff_minutes() -> int:
    return round(cooloff().total_seconds() / 60)


def lockout_message() -> str:
    return (
        "Tài khoản hoặc địa chỉ đăng nhập đang bị tạm khóa vì nhập sai quá nhiều lần. "
        f"Vui lòng thử lại sau {cooloff_minutes()} phút hoặc đề nghị Quản trị mở khóa."
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """429 with Retry-After; the body is the admin login page with the lockout message (LoginForm)."""
    if original_response is not None and original_response.status_code == 200:
        response = original_response
    else:
        response = render(request, "accounts/locked_out.html", {"message": lockout_message()})
    response.status_code = 429
    response["Retry-After"] = str(int(cooloff().total_seconds()))
    return response


@dataclass
class Lockout:
    """A locked account (username) or client address (pseudonym) and when it unlocks by itself."""

    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    until: datetime


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses with at least AXES_FAILURE_LIMIT failures inside the cool-off period."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff())
    lockouts = []
    for kind in ("username", "ip_address"):
        rows = (
            recent.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        lockouts += [Lockout(kind, row[kind], row["failures"], row["last"] + cooloff()) for row in rows]
    return lockouts


def unlock(kind: str, value: str) -> int:
    """Forget the failures of one account or one address; returns how many attempt rows went."""
    if kind == "username":
        return reset(username=value)
    if kind == "ip_address":
        return reset(ip=value)
    raise ValueError(kind)
