"""The admin is Vietnamese by default, whatever the browser asks for; each editor may switch to English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
OUR_MIDDLEWARE = "cong.editorial.middleware.AdminLanguageMiddleware"


def page_language(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, html[:300]
    return match.group(1)


def choose_language(client: Client, language: str) -> None:
    """Change "Ngôn ngữ giao diện" on the account page by posting its own form."""
    account_url = reverse("wagtailadmin_account")
    html = client.get(account_url).content.decode()
    form = next(
        data
        for index in range(html.count("<form"))
        if "locale-preferred_language" in (data := querydict_from_html(html, form_index=index))
    )
    form["locale-preferred_language"] = language
    response = client.post(account_url, form)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_login_and_dashboard_are_vietnamese_for_an_english_browser(make_user: Any) -> None:
    make_user("bientap")
    client = Client(**ENGLISH_BROWSER)

    login = client.get(reverse("wagtailadmin_login")).content.decode()
    assert page_language(login) == "vi"
    assert "Đăng nhập" in login

    client.post(reverse("wagtailadmin_login"), {"username": "bientap", "password": PASSWORD})
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page_language(dashboard) == "vi"
    assert "<title>Bảng điều khiển" in dashboard


def test_an_editor_switches_to_english_and_back(as_role: Any) -> None:
    client = as_role("bientap")
    dashboard = reverse("wagtailadmin_home")
    assert page_language(client.get(dashboard).content.decode()) == "vi"

    choose_language(client, "en")
    html = client.get(dashboard).content.decode()
    assert page_language(html) == "en"
    assert "<title>Dashboard" in html

    # Another editor is not affected.
    assert page_language(as_role("truongban").get(dashboard).content.decode()) == "vi"

    choose_language(client, "vi")
    assert page_language(client.get(dashboard).content.decode()) == "vi"


def test_login_form_labels_are_translated() -> None:
    html = Client().get(reverse("wagtailadmin_login")).content.decode()
    assert '<label class="w-field__label" for="id_password"' in html
    assert "Mật khẩu" in html
    assert ">Password<" not in html.replace("\n", "").replace(" ", "")
    assert 'placeholder="Nhập tên đăng nhập của bạn"' in html


def test_admin_stays_vietnamese_even_with_browser_language_negotiation(db: Any) -> None:
    """With Django's LocaleMiddleware (Accept-Language) placed before ours, the admin is still Vietnamese."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(OUR_MIDDLEWARE), "django.middleware.locale.LocaleMiddleware")
    with override_settings(MIDDLEWARE=middleware):
        english = Client(**ENGLISH_BROWSER)
        assert page_language(english.get(reverse("wagtailadmin_login")).content.decode()) == "vi"
