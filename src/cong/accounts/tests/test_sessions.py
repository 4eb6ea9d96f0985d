"""Admin sessions: 30 minutes without a request, 8 hours after sign-in at most."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from wagtail.models import ModelLogEntry

from .conftest import sign_in

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 1, 8, 0, tzinfo=datetime.now().astimezone().tzinfo)


def test_thirty_idle_minutes_end_the_session(make_user: Any) -> None:
    make_user("bientap")
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "bientap")
        for _ in range(3):  # active every 29 minutes: still signed in
            clock.shift(timedelta(minutes=29))
            assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response.url == "/admin/login/?next=%2Fadmin%2Fpages%2F"
        assert client.get("/admin/").status_code == 302
    assert ModelLogEntry.objects.filter(action="cong.accounts.session_expired").count() == 1


def test_eight_hours_after_sign_in_the_session_ends_however_active(make_user: Any) -> None:
    make_user("bientap")
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "bientap")
        for _ in range(8 * 3 - 1):  # a request every 20 minutes up to 7h40
            clock.shift(timedelta(minutes=20))
            assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=21))  # 8h01 after sign-in
        assert client.get("/admin/").status_code == 302
        # Signing in again starts a new 8 hours.
        sign_in(client, "bientap")
        assert client.get("/admin/").status_code == 200


def test_a_session_without_a_sign_in_time_is_ended(make_user: Any) -> None:
    make_user("bientap")
    client = Client()
    sign_in(client, "bientap")
    session = client.session
    del session["cong_login_at"]
    session.save()
    assert client.get("/admin/").status_code == 302


def test_the_session_cookie_lasts_no_longer_than_the_session(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.ADMIN_SESSION_IDLE_SECONDS == 30 * 60


def test_public_pages_do_not_vary_on_the_session(home: Any) -> None:
    """The session check runs only for requests with a session cookie (the page cache stays shared)."""
    response = Client().get("/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
