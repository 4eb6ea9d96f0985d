"""Accounts fixtures: users in each role, sign-in through the real admin form, TOTP codes from a device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp

PASSWORD = "mat-khau-thu-nghiem-2026"
ROLES = {
    "phongvien": "Phóng viên",
    "ctv": "Cộng tác viên",
    "bientap": "Biên tập viên",
    "truongban": "Trưởng Ban biên tập",
    "quantri": "Quản trị",
}


@pytest.fixture
def make_user(db: Any, django_user_model: Any) -> Callable[..., Any]:
    def _make(username: str, *roles: str, superuser: bool = False) -> Any:
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.gov.vn",
            password=PASSWORD,
            first_name="Người",
            last_name=username,
            is_superuser=superuser,
            is_staff=superuser,
        )
        for role in roles or ((ROLES[username],) if username in ROLES else ()):
            user.groups.add(Group.objects.get(name=role))
        return user

    return _make


@pytest.fixture
def enforce_2fa(settings: Any) -> None:
    """The real two-factor rule (the rest of the suite skips it, see settings_test)."""
    settings.TWO_FACTOR_SKIP_FOR_TESTS = False


def sign_in(client: Client, username: str, password: str = PASSWORD, address: str = "198.51.100.7") -> Any:
    """POST the admin login form as a browser would, from a given client address."""
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def code_for(device: Any, offset: int = 0) -> str:
    """The TOTP code the authenticator app would show now (+ offset steps)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"
