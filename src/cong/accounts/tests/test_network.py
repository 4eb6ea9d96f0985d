"""Optional allow-list of networks for /admin/ (CONG_ADMIN_ALLOWED_NETWORKS)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_office(settings: Any) -> None:
    settings.ADMIN_ALLOWED_NETWORKS = ["10.20.0.0/16", "2001:db8:1::/48"]


@pytest.mark.usefixtures("allow_office")
def test_admin_answers_only_the_allowed_networks(home: Any) -> None:
    client = Client()  # a new client builds its middleware from the settings above
    denied = client.get("/admin/login/", REMOTE_ADDR="203.0.113.5")
    assert denied.status_code == 403 and "mạng nội bộ" in denied.content.decode()
    assert (
        client.post(
            "/admin/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="203.0.113.5"
        ).status_code
        == 403
    )
    assert client.get("/admin/login/", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/admin/login/", REMOTE_ADDR="2001:db8:1::7").status_code == 200
    assert client.get("/admin/login/", REMOTE_ADDR="::ffff:10.20.3.4").status_code == 200
    # The public site is not affected.
    assert client.get("/", REMOTE_ADDR="203.0.113.5").status_code == 200


@pytest.mark.usefixtures("allow_office")
def test_behind_nginx_the_address_comes_from_the_proxy_header(settings: Any) -> None:
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    assert client.get("/admin/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.20.0.9").status_code == 200
    assert (
        client.get("/admin/login/", REMOTE_ADDR="10.20.0.9", HTTP_X_REAL_IP="198.51.100.1").status_code == 403
    )


def test_without_the_setting_admin_is_open(settings: Any) -> None:
    settings.ADMIN_ALLOWED_NETWORKS = []
    assert Client().get("/admin/login/", REMOTE_ADDR="203.0.113.5").status_code == 200


def test_a_malformed_network_stops_the_start(settings: Any) -> None:
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured):
        Client().get("/admin/login/")


@pytest.mark.usefixtures("allow_office")
def test_the_frontend_login_is_not_a_way_around_the_admin_sign_in(make_user: Any, home: Any) -> None:
    """Wagtail also ships a plain password form at /_util/login/ (for login-restricted pages): outside
    /admin/, so outside the network allow-list, the login rate limits and nginx's login zone. Editors
    are the only accounts, so it sends them to the admin's sign-in instead and never signs anyone in."""
    make_user("bientap")
    client = Client()
    for method in (client.get, client.post):
        response = method(
            "/_util/login/?next=/thoi-su/",
            {"username": "bientap", "password": PASSWORD},
            REMOTE_ADDR="203.0.113.5",
        )
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/admin/login/"), response["Location"]
        assert "_auth_user_id" not in client.session
    assert reverse("wagtailcore_login") == "/_util/login/"
    assert resolve_url(settings.WAGTAIL_FRONTEND_LOGIN_URL) == "/admin/login/"
