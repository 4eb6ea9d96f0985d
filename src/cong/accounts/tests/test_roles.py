"""Quản trị manages writers' and editors' accounts but cannot grant Trưởng Ban biên tập, Quản trị or
superuser, to anyone or to itself: through Wagtail's real user forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import ModelLogEntry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def group(name: str) -> Group:
    return Group.objects.get(name=name)


def edit_data(user: Any, groups: list[str], **extra: str) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [str(group(name).pk) for name in groups],
        **extra,
    }


@pytest.fixture
def quantri(make_user: Any) -> tuple[Any, Client]:
    user = make_user("quantri")
    client = Client()
    client.force_login(user)
    return user, client


def test_quan_tri_grants_editing_roles(quantri: tuple[Any, Client], make_user: Any) -> None:
    _, client = quantri
    reporter = make_user("phongvien")
    page = client.get(f"/admin/users/edit/{reporter.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Biên tập viên" in html and "Trưởng Ban biên tập" not in html and 'name="is_superuser"' not in html
    response = client.post(
        f"/admin/users/edit/{reporter.pk}/", edit_data(reporter, ["Phóng viên", "Biên tập viên"])
    )
    assert response.status_code == 302
    assert set(reporter.groups.values_list("name", flat=True)) == {"Phóng viên", "Biên tập viên"}


def test_quan_tri_cannot_grant_head_or_superuser(quantri: tuple[Any, Client], make_user: Any) -> None:
    _, client = quantri
    reporter = make_user("phongvien")
    Group.objects.create(name="Nhóm tự đặt")  # any group outside the editing roles
    for groups in (["Trưởng Ban biên tập"], ["Quản trị"], ["Phóng viên", "Nhóm tự đặt"]):
        response = client.post(f"/admin/users/edit/{reporter.pk}/", edit_data(reporter, groups))
        assert response.status_code == 200  # the form comes back with an error
    client.post(f"/admin/users/edit/{reporter.pk}/", edit_data(reporter, ["Phóng viên"], is_superuser="on"))
    reporter.refresh_from_db()
    assert not reporter.is_superuser
    assert set(reporter.groups.values_list("name", flat=True)) == {"Phóng viên"}


def test_quan_tri_cannot_change_its_own_roles(quantri: tuple[Any, Client]) -> None:
    user, client = quantri
    page = client.get(f"/admin/users/edit/{user.pk}/")
    assert page.status_code == 200 and 'name="groups"' not in page.content.decode()
    client.post(
        f"/admin/users/edit/{user.pk}/",
        edit_data(user, ["Quản trị", "Trưởng Ban biên tập"], is_superuser="on"),
    )
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {"Quản trị"}
    assert not user.is_superuser


def test_quan_tri_cannot_create_a_superuser_or_a_head(
    quantri: tuple[Any, Client], django_user_model: Any
) -> None:
    _, client = quantri
    data = {
        "username": "moi",
        "email": "moi@example.gov.vn",
        "first_name": "Người",
        "last_name": "Mới",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "is_superuser": "on",
        "groups": [str(group("Trưởng Ban biên tập").pk)],
    }
    assert client.post("/admin/users/new/", data).status_code == 200
    assert not django_user_model.objects.filter(username="moi").exists()
    data["groups"] = [str(group("Cộng tác viên").pk)]
    assert client.post("/admin/users/new/", data).status_code == 302
    created = django_user_model.objects.get(username="moi")
    assert not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == ["Cộng tác viên"]


def test_quan_tri_cannot_take_over_a_head_or_superuser_account(
    quantri: tuple[Any, Client], make_user: Any
) -> None:
    _, client = quantri
    head = make_user("truongban")
    root = make_user("root", superuser=True)
    for target in (head, root):
        assert client.get(f"/admin/users/edit/{target.pk}/").status_code in (302, 403)
        client.post(
            f"/admin/users/edit/{target.pk}/",
            edit_data(
                target, [], password1="mat-khau-moi-rat-dai-2026", password2="mat-khau-moi-rat-dai-2026"
            ),
        )
        target.refresh_from_db()
        assert target.check_password(PASSWORD)
        assert client.post(f"/admin/users/delete/{target.pk}/").status_code in (302, 403)
        assert type(target).objects.filter(pk=target.pk).exists()


def test_a_superuser_grants_any_role(make_user: Any) -> None:
    root = make_user("root", superuser=True)
    client = Client()
    client.force_login(root)
    reporter = make_user("phongvien")
    response = client.post(f"/admin/users/edit/{reporter.pk}/", edit_data(reporter, ["Trưởng Ban biên tập"]))
    assert response.status_code == 302
    assert list(reporter.groups.values_list("name", flat=True)) == ["Trưởng Ban biên tập"]


def bulk(client: Client, action: str, users: list[Any], data: dict[str, str] | None = None) -> Any:
    """Wagtail's bulk actions on the user listing (the checkboxes and "Assign role", "Delete",
    "Mark as inactive" at the bottom of Settings → Users)."""
    ids = "&".join(f"id={user.pk}" for user in users)
    return client.post(f"/admin/bulk/auth/user/{action}/?{ids}&next=/admin/users/", data or {})


def test_quan_tri_cannot_grant_itself_head_through_the_bulk_actions(
    quantri: tuple[Any, Client], make_user: Any
) -> None:
    user, client = quantri
    reporter = make_user("phongvien")
    assert client.get("/admin/users/").status_code == 200
    page = client.get(f"/admin/bulk/auth/user/assign_role/?id={reporter.pk}&id={user.pk}&next=/admin/users/")
    select = page.content.decode().split('name="role"', 1)[1].split("</select>", 1)[0]
    assert "Biên tập viên" in select and "Trưởng Ban biên tập" not in select and "Quản trị" not in select
    for role in ("Trưởng Ban biên tập", "Quản trị"):
        bulk(client, "assign_role", [user, reporter], {"role": str(group(role).pk)})
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {"Quản trị"}
    assert set(reporter.groups.values_list("name", flat=True)) == {"Phóng viên"}
    # A role it may grant still works in bulk, for accounts it manages (not for itself).
    bulk(client, "assign_role", [reporter, user], {"role": str(group("Biên tập viên").pk)})
    assert set(reporter.groups.values_list("name", flat=True)) == {"Phóng viên", "Biên tập viên"}
    assert set(user.groups.values_list("name", flat=True)) == {"Quản trị"}
    # ... and is in the audit log, with who did it.
    entries = ModelLogEntry.objects.filter(action="cong.accounts.roles_changed", object_id=str(reporter.pk))
    assert [(e.user_id, e.data) for e in entries.order_by("-timestamp", "-pk")[:1]] == [
        (user.pk, {"added": ["Biên tập viên"]})
    ]


def test_quan_tri_cannot_disable_or_delete_a_head_or_superuser_in_bulk(
    quantri: tuple[Any, Client], make_user: Any
) -> None:
    _, client = quantri
    head = make_user("truongban")
    root = make_user("root", superuser=True)
    bulk(client, "set_active_state", [head, root], {"mark_as_active": "False"})
    bulk(client, "delete", [head, root])
    for target in (head, root):
        assert type(target).objects.filter(pk=target.pk, is_active=True).exists(), target.username
