"""Who must use a second factor, and the devices (django-otp) behind it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"


def skipped_for_tests() -> bool:
    """The test suite's shortcut (settings_test.TWO_FACTOR_SKIP_FOR_TESTS); ignored outside tests."""
    return bool(settings.TESTING and getattr(settings, "TWO_FACTOR_SKIP_FOR_TESTS", False))


def required_for(user: Any) -> bool:
    """Everyone signs in with a second factor, except members of only the optional roles
    (CONG_2FA_OPTIONAL_ROLES) who have not enrolled. A superuser always does."""
    if user_has_device(user, confirmed=True):
        return True
    optional = set(settings.TWO_FACTOR_OPTIONAL_ROLES)
    if user.is_superuser or not optional:
        return True
    roles = set(user.groups.values_list("name", flat=True))
    return not roles or not roles <= optional


def pending_totp_device(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator device being enrolled (one per user, created on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES fresh ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_devices(user: Any) -> int:
    """Delete every second-factor device of a user (authenticator and recovery codes)."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
