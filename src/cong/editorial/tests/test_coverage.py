"""Every screen has an owner: each model the admin manages and each admin menu item is usable by a role,
and every menu item a role sees opens for that role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.admin.viewsets import viewsets
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models, register_snippet

from cong.editorial.coverage import managed_areas, menu_entries, role_users, unowned
from cong.editorial.roles import ROLES, SUPERUSER_ONLY

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(db: Any) -> Iterator[dict[str, Any]]:
    with role_users() as users:
        yield users


def test_every_admin_area_and_menu_item_has_a_role(users: dict[str, Any]) -> None:
    assert unowned(users) == []


def test_the_enumeration_finds_every_kind_of_area(users: dict[str, Any]) -> None:
    kinds = {area.kind for area in managed_areas()}
    assert kinds == {"trang", "snippet", "màn hình quản lý", "cài đặt"}
    assert len(menu_entries(users[""])) > len(menu_entries(users[ROLES[0]]))


def opens(client: Client, url: str) -> tuple[bool, Any]:
    """Whether ``url`` opens: 200, and a redirect only within the item's own area (the page explorer
    opens the role's section); a refusal is a 403 or a redirect to the login page or the dashboard."""
    response = client.get(url, follow=True)
    chain = [location for location, _ in response.redirect_chain]
    ok = response.status_code == 200 and all(location.startswith(url) for location in chain)
    return ok, (response.status_code, chain)


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_item_a_role_sees_opens_for_it(users: dict[str, Any], role: str) -> None:
    client = Client()
    client.force_login(users[role])
    entries = menu_entries(users[role])
    assert entries
    for entry in entries:
        ok, detail = opens(client, entry.url)
        assert ok, (role, entry, detail)


def test_a_menu_item_that_does_not_open_is_caught(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users[ROLES[0]])
    seen = {entry.url for entry in menu_entries(users[ROLES[0]])}
    hidden = [entry for entry in menu_entries(users[""]) if entry.url not in seen]
    assert hidden
    for entry in hidden:
        assert not opens(client, entry.url)[0], entry


def _model_nobody_owns() -> type:
    """A real model no role has any permission on, that the admin does not manage (chosen at run time)."""
    managed = {area.label for area in managed_areas()}
    granted = set(
        Permission.objects.filter(group__name__in=ROLES).values_list(
            "content_type__app_label", "content_type__model"
        )
    )
    for model in apps.get_models():
        opts = model._meta
        if (
            opts.label_lower not in managed
            and (opts.app_label, opts.model_name) not in granted
            and not issubclass(model, Page)
            and not opts.auto_created
        ):
            return model
    raise AssertionError("no model without an owner to test with")


@pytest.fixture
def throwaway_snippet() -> Iterator[type]:
    """Register a model nobody owns as a snippet, as a new app would, and undo it afterwards.

    Wagtail has no unregister: the registries register_snippet appends to are restored by hand.
    """
    model = _model_nobody_owns()
    snippet_models, registered = list(get_snippet_models()), list(viewsets.viewsets)
    register_snippet(model)
    try:
        yield model
    finally:
        get_snippet_models()[:] = snippet_models
        viewsets.viewsets[:] = registered
        del model.snippet_viewset


def test_a_snippet_without_an_owner_is_reported(users: dict[str, Any], throwaway_snippet: type) -> None:
    assert throwaway_snippet in get_snippet_models()
    problems = unowned(users)
    assert any(p.startswith(f"{throwaway_snippet._meta.label_lower} (snippet ") for p in problems), problems


def test_a_snippet_with_an_owner_is_not_reported(users: dict[str, Any], throwaway_snippet: type) -> None:
    opts = throwaway_snippet._meta
    permission = Permission.objects.get(
        content_type__app_label=opts.app_label, codename=f"view_{opts.model_name}"
    )
    Group.objects.get(name=ROLES[-1]).permissions.add(permission)
    users = {role: type(user).objects.get(pk=user.pk) for role, user in users.items()}  # no permission cache
    assert not any(p.startswith(opts.label_lower) for p in unowned(users))


def test_every_superuser_only_exception_names_something_that_exists(users: dict[str, Any]) -> None:
    """A stale exception (a renamed menu item, a removed model) would silently exempt nothing."""
    known = {area.label for area in managed_areas()} | {entry.key for entry in menu_entries(users[""])}
    assert set(SUPERUSER_ONLY) <= known, set(SUPERUSER_ONLY) - known
