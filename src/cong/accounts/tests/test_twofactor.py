"""Hole 4: a password alone never reaches the admin; TOTP enrolment at first sign-in, recovery codes."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from cong.accounts import twofactor

from .conftest import code_for, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enforce_2fa")]

ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/users/", "/admin/reports/site-history/"]


def enrolled(user: Any) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return device, twofactor.new_recovery_codes(user)


def test_a_password_alone_never_reaches_the_admin(make_user: Any) -> None:
    make_user("truongban")
    client = Client()
    response = sign_in(client, "truongban")
    assert response.status_code == 302
    for path in ADMIN_PAGES:
        page = client.get(path)
        assert page.status_code == 302, path
        assert page.url.startswith("/admin/xac-thuc/dang-ky/?next="), page.url


def test_the_code_pages_can_load_the_admin_icons(make_user: Any) -> None:
    """The icon sprite is fetched by script and inserted into the page: it must not be the code page."""
    enrolled(make_user("bientap"))
    client = Client()
    sign_in(client, "bientap")
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200 and "<svg" in sprite.content.decode()
    assert "Xác thực hai bước" not in sprite.content.decode()


def test_first_sign_in_enrols_the_authenticator_in_vietnamese(make_user: Any) -> None:
    user = make_user("bientap")
    client = Client()
    sign_in(client, "bientap")
    page = client.get("/admin/xac-thuc/dang-ky/?next=/admin/pages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đăng ký xác thực hai bước" in html and "<svg" in html and "<script" not in html.split("<svg")[1]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert re.search(r"[A-Z2-7]{32}", html)

    wrong = client.post(
        "/admin/xac-thuc/dang-ky/", {"token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past the throttle's delay
        done = client.post("/admin/xac-thuc/dang-ky/", {"token": code_for(device), "next": "/admin/pages/"})
        assert done.status_code == 200
        codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
        assert len(codes) == 10 and len(set(codes)) == 10
        assert "no-store" in done["Cache-Control"]
        assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(action="cong.accounts.2fa_enrol", object_id=str(user.pk)).exists()


def test_wrong_code_refused_right_code_reaches_the_dashboard(make_user: Any) -> None:
    user = make_user("phongvien")
    device, _ = enrolled(user)
    client = Client()
    sign_in(client, "phongvien")
    redirect = client.get("/admin/pages/")
    assert redirect.url == "/admin/xac-thuc/?next=%2Fadmin%2Fpages%2F"
    assert "Xác thực hai bước" in client.get(redirect.url).content.decode()

    wrong = client.post("/admin/xac-thuc/", {"token": "12345", "next": "/admin/pages/"})
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    assert ModelLogEntry.objects.filter(action="cong.accounts.2fa_failed").exists()

    with time_machine.travel(timezone.now() + timedelta(seconds=40)):  # past the throttle's delay
        right = client.post("/admin/xac-thuc/", {"token": code_for(device), "next": "/admin/pages/"})
        assert right.status_code == 302 and right.url == "/admin/pages/"
        assert client.get("/admin/").status_code == 200


def test_the_next_address_stays_on_the_portal(make_user: Any) -> None:
    device, _ = enrolled(make_user("bientap"))
    client = Client()
    sign_in(client, "bientap")
    response = client.post("/admin/xac-thuc/", {"token": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/admin/"


def test_a_recovery_code_works_once(make_user: Any) -> None:
    user = make_user("bientap")
    _, codes = enrolled(user)
    client = Client()
    sign_in(client, "bientap")
    response = client.post("/admin/xac-thuc/", {"token": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post("/admin/logout/")

    again = Client()
    sign_in(again, "bientap")
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        refused = again.post("/admin/xac-thuc/", {"token": codes[0]})
    assert refused.status_code == 200 and "Mã xác thực không đúng" in refused.content.decode()
    assert again.get("/admin/").status_code == 302
    assert ModelLogEntry.objects.filter(action="cong.accounts.2fa_recovery_used").count() == 1


def test_optional_roles_may_go_without_second_factor(make_user: Any, settings: Any) -> None:
    settings.TWO_FACTOR_OPTIONAL_ROLES = ["Phóng viên", "Cộng tác viên"]
    make_user("phongvien")
    make_user("both", "Phóng viên", "Biên tập viên")
    reporter, both = Client(), Client()
    sign_in(reporter, "phongvien")
    assert reporter.get("/admin/").status_code == 200
    sign_in(both, "both")
    assert both.get("/admin/").status_code == 302
    # Once a reporter has enrolled, the code is asked every time.
    enrolled(make_user("ctv"))
    reporter2 = Client()
    sign_in(reporter2, "ctv")
    assert reporter2.get("/admin/").url.startswith("/admin/xac-thuc/?")


def test_the_test_shortcut_is_ignored_outside_tests(make_user: Any, settings: Any) -> None:
    settings.TWO_FACTOR_SKIP_FOR_TESTS = True
    settings.TESTING = False
    make_user("bientap")
    client = Client()
    sign_in(client, "bientap")
    assert client.get("/admin/").status_code == 302


def test_quan_tri_resets_a_lost_phone(make_user: Any) -> None:
    user = make_user("bientap")
    enrolled(user)
    admin = make_user("quantri")
    device, _ = enrolled(admin)
    client = Client()
    sign_in(client, "quantri")
    client.post("/admin/xac-thuc/", {"token": code_for(device)})
    page = client.get("/admin/bao-mat/")
    assert "Đặt lại" in page.content.decode()
    assert client.post(f"/admin/bao-mat/dat-lai/{user.pk}/").status_code == 302
    assert (
        not TOTPDevice.objects.filter(user=user).exists()
        and not StaticDevice.objects.filter(user=user).exists()
    )
    entry = ModelLogEntry.objects.get(action="cong.accounts.2fa_remove")
    assert entry.object_id == str(user.pk) and entry.user == admin
    # Quản trị may not reset a Trưởng Ban biên tập (nor a superuser).
    head = make_user("truongban")
    enrolled(head)
    client.post(f"/admin/bao-mat/dat-lai/{head.pk}/")
    assert TOTPDevice.objects.filter(user=head).exists()


def test_a_user_makes_new_recovery_codes_and_the_old_ones_stop_working(make_user: Any) -> None:
    user = make_user("bientap")
    device, old = enrolled(user)
    client = Client()
    sign_in(client, "bientap")
    client.post("/admin/xac-thuc/", {"token": code_for(device)})
    account = client.get("/admin/account/")
    assert "/admin/xac-thuc/cua-toi/" in account.content.decode()
    page = client.get("/admin/xac-thuc/cua-toi/")
    assert page.status_code == 200 and "Còn <strong>10</strong> mã dự phòng" in page.content.decode()
    response = client.post("/admin/xac-thuc/cua-toi/")
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert ModelLogEntry.objects.filter(
        action="cong.accounts.2fa_recovery_new", object_id=str(user.pk)
    ).exists()


def test_twofactor_reset_command_removes_the_devices(make_user: Any) -> None:
    user = make_user("root", superuser=True)
    enrolled(user)
    out = io.StringIO()
    call_command("twofactor_reset", "root", stdout=out)
    assert "Đã gỡ 2 thiết bị" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert ModelLogEntry.objects.filter(action="cong.accounts.2fa_remove", object_id=str(user.pk)).exists()
    with pytest.raises(CommandError):
        call_command("twofactor_reset", "khong-co", stdout=io.StringIO())
