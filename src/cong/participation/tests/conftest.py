"""Fixtures for Hỏi đáp: a site with a department and a field, cheap proof-of-work, a PoW solver
working like the browser widget, and logged-in staff clients."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from altcha import Challenge, Payload, solve_challenge
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Site

from cong.participation.models import Department, QuestionField

PASSWORD = "mat-khau-thu-nghiem-2026"


@pytest.fixture(autouse=True)
def _cheap_pow(settings: Any) -> None:
    """A few PBKDF2 rounds instead of thousands: the tests solve many challenges."""
    settings.ALTCHA_CHALLENGE = {"cost": 2, "key_prefix": "0", "expires_seconds": 600}


@pytest.fixture
def site(db: Any) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def department(site: Site) -> Department:
    return Department.objects.create(site=site, name="Phòng Quản lý đất đai")


@pytest.fixture
def land_field(site: Site, department: Department) -> QuestionField:
    return QuestionField.objects.create(site=site, name="Đất đai", slug="dat-dai", department=department)


def pow_payload(client: Client) -> str:
    """Fetch a challenge from the public endpoint and solve it, as the widget does in the browser."""
    response = client.get("/altcha/challenge/")
    assert response.status_code == 200, response.content
    challenge = Challenge.from_dict(json.loads(response.content))
    solution = solve_challenge(challenge)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


@pytest.fixture
def question_data(land_field: QuestionField) -> Callable[..., dict[str, Any]]:
    def _data(client: Client | None = None, **overrides: Any) -> dict[str, Any]:
        data = {
            "field": str(land_field.pk),
            "title": "Thủ tục thuê đất để mở xưởng",
            "body": "Tôi muốn thuê đất của Nhà nước để mở xưởng may. Cần những giấy tờ gì?",
            "name": "Nguyễn Văn An",
            "email": "an@example.com",
            "phone": "",
            "consent": "on",
        }
        if client is not None:
            data["altcha"] = pow_payload(client)
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return _data


@pytest.fixture
def staff(db: Any, django_user_model: Any) -> Callable[[str, str], tuple[Any, Client]]:
    """staff(username, group) -> (user, client logged in through the admin login form)."""

    def _make(username: str, group: str) -> tuple[Any, Client]:
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.gov.vn", password=PASSWORD, first_name=username
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return user, client

    return _make
