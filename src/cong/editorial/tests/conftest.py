"""Editorial board fixtures: one logged-in admin client per role, a category, and article form data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cong.core.text import slugify_vi
from cong.news.models import CategoryPage

PASSWORD = "mat-khau-thu-nghiem-2026"
ROLES = {
    "phongvien": "Phóng viên",
    "ctv": "Cộng tác viên",
    "bientap": "Biên tập viên",
    "truongban": "Trưởng Ban biên tập",
    "quantri": "Quản trị",
}


@pytest.fixture
def category(home: Any) -> CategoryPage:
    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    category.save_revision().publish()
    return category


@pytest.fixture
def make_user(db: Any, django_user_model: Any) -> Callable[[str], Any]:
    """A user in the role named by ROLES[username] (first/last name set, as the admin shows them)."""

    def _make(username: str) -> Any:
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.gov.vn",
            password=PASSWORD,
            first_name=ROLES[username],
            last_name=username,
        )
        user.groups.add(Group.objects.get(name=ROLES[username]))
        return user

    return _make


@pytest.fixture
def as_role(make_user: Callable[[str], Any]) -> Callable[[str], Client]:
    """A test client logged in (through the admin's login form) as a member of a role."""

    def _login(username: str) -> Client:
        make_user(username)
        client = Client()
        response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login


def article_form(title: str, text: str = "Nội dung tin bài.", **fields: str) -> dict[str, Any]:
    """POST data of the admin's article editor (ArticlePage create/edit form)."""
    data = {
        "title": title,
        "slug": slugify_vi(title),
        "lede": "Sapo của tin bài.",
        "body": streamfield([("text", rich_text(f"<p>{text}</p>"))]),
        "byline": "Nguyễn Văn A",
        "source": "",
        "published_at": "",
        "cover_image": "",
        "seo_title": "",
        "search_description": "",
        "legacy_url": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)
