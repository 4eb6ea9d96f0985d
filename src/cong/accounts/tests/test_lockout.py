"""Hole 4: repeated failed sign-ins lock the account and the address out (django-axes), through the
real admin login form, with a Vietnamese message, no raw address stored, and an unlock path."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

LOCKED = "đang bị tạm khóa"


def fail(client: Client, username: str, times: int, address: str = "198.51.100.7") -> Any:
    response = None
    for _ in range(times):
        response = sign_in(client, username, "sai-mat-khau-123", address)
    return response


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_wrong_passwords_lock_the_account_and_the_right_one_no_longer_works(make_user: Any) -> None:
    make_user("bientap")
    client = Client()
    before = fail(client, "bientap", settings.AXES_FAILURE_LIMIT - 1)
    assert before.status_code == 200 and LOCKED not in before.content.decode()
    locked = fail(client, "bientap", 1)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 30 * 60
    html = locked.content.decode()
    assert LOCKED in html and "Quản trị" in html
    assert 'name="username"' in html  # the admin login page itself, not a bare error page

    right = sign_in(client, "bientap", PASSWORD)
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert not signed_in(client)


def test_an_account_is_locked_from_every_address(make_user: Any) -> None:
    make_user("bientap")
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(Client(), "bientap", 1, address=f"198.51.100.{n + 10}")
    client = Client()
    assert sign_in(client, "bientap", PASSWORD, address="192.0.2.200").status_code == 429
    assert not signed_in(client)


def test_an_address_trying_many_accounts_is_locked_for_all_of_them(make_user: Any) -> None:
    make_user("bientap")
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(Client(), f"doan-{n}", 1, address="203.0.113.9")
    assert sign_in(Client(), "bientap", PASSWORD, address="203.0.113.9").status_code == 429
    other = Client()
    assert sign_in(other, "bientap", PASSWORD, address="192.0.2.1").status_code == 302
    assert signed_in(other)


def test_the_lock_lifts_after_the_cooloff(make_user: Any) -> None:
    make_user("bientap")
    fail(Client(), "bientap", settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        client = Client()
        assert sign_in(client, "bientap", PASSWORD).status_code == 302
        assert signed_in(client)


def test_no_raw_address_is_stored(make_user: Any) -> None:
    make_user("bientap")
    fail(Client(), "bientap", settings.AXES_FAILURE_LIMIT, address="203.0.113.77")
    attempts = list(AccessAttempt.objects.all())
    assert attempts
    for attempt in attempts:
        assert attempt.ip_address.startswith("fd00:")
        stored = " ".join(str(getattr(attempt, f.attname)) for f in attempt._meta.fields)
        assert "203.0.113.77" not in stored
        assert "sai-mat-khau" not in stored
    for entry in ModelLogEntry.objects.all():
        assert "203.0.113.77" not in f"{entry.label} {entry.data}"
        assert "sai-mat-khau" not in f"{entry.label} {entry.data}"


def test_quan_tri_sees_and_unlocks_a_locked_account(make_user: Any) -> None:
    make_user("bientap")
    make_user("quantri")
    fail(Client(), "bientap", settings.AXES_FAILURE_LIMIT)
    admin = Client()
    admin.force_login(make_user("quantri2", "Quản trị"))
    page = admin.get("/admin/bao-mat/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "bientap" in html and "Mở khóa" in html

    response = admin.post("/admin/bao-mat/mo-khoa/", {"kind": "username", "value": "bientap"})
    assert response.status_code == 302
    client = Client()
    assert sign_in(client, "bientap", PASSWORD).status_code == 302
    assert signed_in(client)
    assert ModelLogEntry.objects.filter(action="cong.accounts.unlock").exists()


@pytest.mark.parametrize("role", ["phongvien", "bientap", "truongban"])
def test_other_roles_cannot_see_or_unlock(make_user: Any, role: str) -> None:
    fail(Client(), "ai-do", settings.AXES_FAILURE_LIMIT)
    client = Client()
    client.force_login(make_user(role))
    assert_denied(client.get("/admin/bao-mat/"))
    assert_denied(client.post("/admin/bao-mat/mo-khoa/", {"kind": "username", "value": "ai-do"}))
    assert AccessAttempt.objects.filter(username="ai-do").exists()


def assert_denied(response: Any) -> None:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == "/admin/"
