"""Admin views: second-factor verification and enrolment, and the sign-in security page for Quản trị."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout, twofactor
from .audit import ENROL, RECOVERY_NEW, RECOVERY_USED, REMOVE, UNLOCK, VERIFY_FAILED, log, log_for_username
from .forms import TokenForm
from .roles import can_manage_user

VIEW_PERMISSION = "accounts.view_loginlockout"
UNLOCK_PERMISSION = "accounts.delete_loginlockout"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    # Our own markup (a path, no script, no style), so it can be inlined.
    return mark_safe(image.to_string(encoding="unicode"))


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator's six-digit code (or a recovery code) once per session."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not twofactor.is_enrolled(user):
        return redirect(f"{reverse('accounts_enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        devices = [
            *TOTPDevice.objects.filter(user=user, confirmed=True),
            *StaticDevice.objects.filter(user=user),
        ]
        for device in devices:
            if verify_token(user, device.persistent_id, token):
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    log(user, RECOVERY_USED, user=user, data={"remaining": left})
                    messages.warning(request, f"Bạn vừa dùng một mã dự phòng; còn lại {left} mã.")
                return HttpResponseRedirect(_next_url(request))
        log(user, VERIFY_FAILED, user=user)
        form.add_error("token", "Mã xác thực không đúng hoặc đã hết hạn.")
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: scan the QR code, confirm one code, receive the recovery codes (shown once)."""
    user = request.user
    if twofactor.is_enrolled(user):
        return redirect(f"{reverse('accounts_verify')}?{request.GET.urlencode()}")
    device = twofactor.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = twofactor.new_recovery_codes(user)
            otp_login(request, device)
            log(user, ENROL, user=user)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        form.add_error("token", "Mã xác thực không đúng. Kiểm tra giờ trên điện thoại và nhập mã mới nhất.")
    context: dict[str, Any] = {
        "form": form,
        "next": _next_url(request),
        "qr": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/enrol.html", context)


@never_cache
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own second factor: status, and fresh recovery codes (shown once)."""
    user = request.user
    if request.method == "POST":
        if not twofactor.is_enrolled(user):
            return redirect("accounts_enrol")
        codes = twofactor.new_recovery_codes(user)
        log(user, RECOVERY_NEW, user=user)
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts_mine")}
        )
    device = StaticDevice.objects.filter(user=user).first()
    context = {
        "enrolled": twofactor.is_enrolled(user),
        "remaining": device.token_set.count() if device else 0,
    }
    return render(request, "accounts/mine.html", context)


@never_cache
def security(request: HttpRequest) -> HttpResponse:
    """Current lockouts (with "Mở khóa") and each user's second factor (with "Đặt lại")."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    users = get_user_model().objects.filter(is_active=True).order_by("username").prefetch_related("groups")
    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    rows = [
        {
            "user": u,
            "enrolled": u.pk in enrolled,
            "required": twofactor.required_for(u),
            "can_reset": u.pk in enrolled and _can_reset(request.user, u),
        }
        for u in users
    ]
    context = {
        "lockouts": lockout.current_lockouts(),
        "can_unlock": request.user.has_perm(UNLOCK_PERMISSION),
        "rows": rows,
        "limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": lockout.cooloff_minutes(),
    }
    return render(request, "accounts/security.html", context)


def _can_reset(actor: Any, target: Any) -> bool:
    return actor.has_perm("auth.change_user") and can_manage_user(actor, target)


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")[:255]
    if kind not in ("username", "ip_address") or not value:
        messages.error(request, "Yêu cầu mở khóa không hợp lệ.")
        return redirect("accounts_security")
    count = lockout.unlock(kind, value)
    data = {"kind": kind, "value": value, "attempts": count}
    if kind == "username":
        log_for_username(value, UNLOCK, data, actor=request.user)
    else:
        log(request.user, UNLOCK, user=request.user, data=data)
    shown = value if kind == "username" else "địa chỉ đã mã hóa"
    messages.success(request, f"Đã mở khóa {shown}.")
    return redirect("accounts_security")


@require_POST
def reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not _can_reset(request.user, target):
        raise PermissionDenied
    removed = twofactor.remove_devices(target)
    log(target, REMOVE, user=request.user, data={"devices": removed})
    messages.success(request, f"Đã đặt lại xác thực hai bước của {target.get_username()}.")
    return redirect("accounts_security")
