"""Sign-in, second-factor and role events in Wagtail's audit log (Báo cáo → Lịch sử website).

Entries are attached to the user account concerned (ModelLogEntry). Never recorded: a password, the
attempted password, a client address. A failed sign-in records the attempted username only.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from wagtail.log_actions import log as wagtail_log
from wagtail.models import ModelLogEntry

from .middleware import start_session

LOGIN = "cong.accounts.login"
LOGOUT = "cong.accounts.logout"
SESSION_EXPIRED = "cong.accounts.session_expired"
LOGIN_FAILED = "cong.accounts.login_failed"
LOCKED_OUT = "cong.accounts.locked_out"
UNLOCK = "cong.accounts.unlock"
ENROL = "cong.accounts.2fa_enrol"
REMOVE = "cong.accounts.2fa_remove"
VERIFY_FAILED = "cong.accounts.2fa_failed"
RECOVERY_USED = "cong.accounts.2fa_recovery_used"
RECOVERY_NEW = "cong.accounts.2fa_recovery_new"
ROLES_CHANGED = "cong.accounts.roles_changed"

# Vietnamese labels and messages for the history report (registered by wagtail_hooks).
ACTIONS = {
    LOGIN: ("Đăng nhập", "Đăng nhập quản trị"),
    LOGOUT: ("Đăng xuất", "Đăng xuất"),
    SESSION_EXPIRED: ("Hết phiên làm việc", "Phiên làm việc hết hạn, đã đăng xuất"),
    LOGIN_FAILED: ("Đăng nhập thất bại", "Đăng nhập thất bại"),
    LOCKED_OUT: ("Khóa đăng nhập", "Bị tạm khóa do đăng nhập sai nhiều lần"),
    UNLOCK: ("Mở khóa đăng nhập", "Mở khóa đăng nhập"),
    ENROL: ("Đăng ký xác thực hai bước", "Đăng ký xác thực hai bước"),
    REMOVE: ("Gỡ xác thực hai bước", "Gỡ xác thực hai bước"),
    VERIFY_FAILED: ("Mã xác thực sai", "Nhập sai mã xác thực hai bước"),
    RECOVERY_USED: ("Dùng mã dự phòng", "Đăng nhập bằng mã dự phòng"),
    RECOVERY_NEW: ("Tạo mã dự phòng mới", "Tạo mã dự phòng mới (các mã cũ hết hiệu lực)"),
    ROLES_CHANGED: ("Thay đổi vai trò", "Thay đổi vai trò (nhóm người dùng)"),
}

MAX_USERNAME = 150


def unwrap(obj: Any) -> Any:
    """The model instance behind request.user (django-otp wraps Django's lazy user in another one)."""
    while isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    return obj


def log(instance: Any, action: str, user: Any = None, data: dict[str, Any] | None = None) -> None:
    """Wagtail's log(), for a user account, by a user (request.user is fine for either)."""
    wagtail_log(unwrap(instance), action, user=unwrap(user), data=data or {})


def _attempted_username(credentials: dict[str, Any]) -> str:
    User = get_user_model()
    raw = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    return unicodedata.normalize("NFC", raw).strip()[:MAX_USERNAME]


def log_for_username(username: str, action: str, data: dict[str, Any], actor: Any = None) -> None:
    """An entry on the account with this username, or on no account (object id "0") if none has it."""
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    if user is not None:
        log(user, action, user=actor, data=data)
        return
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id="0",
        label=f"{username or '(trống)'} (không có tài khoản)",
        action=action,
        timestamp=timezone.now(),
        data=data,
        user=unwrap(actor),
    )


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        start_session(request)
    log(user, LOGIN, user=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    expired = bool(getattr(request, "session_expired", False))
    log(user, SESSION_EXPIRED if expired else LOGOUT, user=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = _attempted_username(credentials)
    locked = bool(getattr(request, "axes_locked_out", False))
    log_for_username(username, LOGIN_FAILED, {"username": username, "locked_out": locked})


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any) -> None:
    name = unicodedata.normalize("NFC", username or "").strip()[:MAX_USERNAME]
    log_for_username(name, LOCKED_OUT, {"username": name})


@receiver(m2m_changed, sender=get_user_model().groups.through)
def on_groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Group membership changes, from either side (user.groups or group.user_set)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    User = get_user_model()
    if reverse:  # instance is a group, pk_set the users
        if action == "pre_clear":
            users = list(instance.user_set.all())
        else:
            users = list(User._default_manager.filter(pk__in=pk_set or ()))
        changes = [(user, [instance.name]) for user in users]
    else:
        if action == "pre_clear":
            names = list(instance.groups.values_list("name", flat=True))
        else:
            names = list(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        changes = [(instance, names)]
    key = "added" if action == "post_add" else "removed"
    for user, names in changes:
        if names:
            log(user, ROLES_CHANGED, data={key: sorted(names)})
