"""Who may use what in the admin, read from Wagtail's registries and the roles in the database.

Used by the role coverage test (every admin area has a role that may use it) and by
``./cong roles_matrix`` (docs/roles.md). Nothing here lists models by hand: the areas are every
snippet, every model viewset, every registered setting, every page type, and every item of the admin
menu as Wagtail builds it for a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import wagtail.admin.urls  # noqa: F401  (importing the admin's URLs fills Wagtail's viewset registry)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory
from django.utils.text import capfirst
from wagtail.admin.menu import admin_menu
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import GroupPagePermission, Page, get_page_models
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import get_snippet_models

from .roles import SUPERUSER_ONLY, all_roles

# Actions in the order the matrix shows them, with their Vietnamese names.
ACTIONS = {
    "add": "thêm",
    "change": "sửa",
    "publish": "xuất bản",
    "delete": "xóa",
    "lock": "khóa",
    "unlock": "mở khóa",
    "view": "xem",
}
PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")


@dataclass(frozen=True)
class Area:
    """A content type the admin manages: ``actions(user)`` is what ``user`` may do with it."""

    label: str  # "app_label.modelname"
    kind: str  # "trang", "snippet", "cài đặt", "màn hình quản lý"
    name: str
    actions: Callable[[Any], list[str]]


def _policy_actions(policy: Any) -> Callable[[Any], list[str]]:
    return lambda user: [a for a in ACTIONS if policy.user_has_permission(user, a)]


def _setting_actions(model: type) -> Callable[[Any], list[str]]:
    opts = model._meta
    return lambda user: ["change"] if user.has_perm(f"{opts.app_label}.change_{opts.model_name}") else []


def _reachable_types(page_class: type) -> set[type]:
    """``page_class`` and every page type that can be created anywhere below a page of that type."""
    seen: set[type] = set()
    todo = [page_class]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(current.allowed_subpage_models())
    return seen


def _page_actions(model: type) -> Callable[[Any], list[str]]:
    def actions(user: Any) -> list[str]:
        if user.is_superuser:
            return list(PAGE_ACTIONS)
        granted: set[str] = set()
        rows = GroupPagePermission.objects.filter(group__user=user).select_related("page", "permission")
        for row in rows:
            page_class = row.page.specific_class or Page
            below = set().union(*(_reachable_types(child) for child in page_class.allowed_subpage_models()))
            action = row.permission.codename.removesuffix("_page")
            # "add" creates pages below the page; every other action works on the page itself too.
            if model in below or (action != "add" and model is page_class):
                granted.add(action)
        return [a for a in PAGE_ACTIONS if a in granted]

    return actions


def managed_areas() -> list[Area]:
    """Every model the admin manages, each once, sorted by label."""
    areas: dict[str, Area] = {}

    def add(model: type, kind: str, actions: Callable[[Any], list[str]]) -> None:
        label = model._meta.label_lower
        if label not in areas:
            areas[label] = Area(label, kind, capfirst(model._meta.verbose_name), actions)

    for model in get_page_models():
        if model.is_creatable:
            add(model, "trang", _page_actions(model))
    for model in get_snippet_models():
        add(model, "snippet", _policy_actions(model.snippet_viewset.permission_policy))
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ModelViewSet):
            policy = viewset.permission_policy or ModelPermissionPolicy(viewset.model)
            add(viewset.model, "màn hình quản lý", _policy_actions(policy))
    for model in settings_registry:
        add(model, "cài đặt", _setting_actions(model))
    return sorted(areas.values(), key=lambda area: area.label)


@dataclass(frozen=True)
class MenuEntry:
    key: str  # the menu item's name, with its submenu's name: "reports/stats"
    label: str  # "Báo cáo → Thống kê truy cập"
    url: str


def _walk(components: list[Any], key: str = "", label: str = "") -> Iterator[MenuEntry]:
    for component in components:
        name = f"{key}/{component.name}" if key else component.name
        text = f"{label} → {component.label}" if label else str(component.label)
        children = getattr(component, "menu_items", None)
        if children is not None:
            yield from _walk(children, name, text)
        elif component.url.startswith("/"):  # skip the links to Wagtail's own website
            yield MenuEntry(name, text, component.url)


def menu_entries(user: Any) -> list[MenuEntry]:
    """The main admin menu as Wagtail builds it for ``user`` (internal links only)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return list(_walk(admin_menu.render_component(request)))


@contextmanager
def role_users() -> Iterator[dict[str, Any]]:
    """One user per role (the editorial roles and those apps add), and a superuser under the key "",
    in a transaction rolled back afterwards."""
    User = get_user_model()
    with transaction.atomic():
        users: dict[str, Any] = {"": User.objects.create_superuser("kiem-tra-quyen-sieu", "", None)}
        for n, role in enumerate(all_roles()):
            user = User.objects.create_user(f"kiem-tra-quyen-{n}", "", None)
            user.groups.add(Group.objects.get(name=role))
            users[role] = user
        try:
            yield users
        finally:
            transaction.set_rollback(True)


def is_superuser_only(key: str) -> bool:
    return key in SUPERUSER_ONLY


def unowned(users: dict[str, Any]) -> list[str]:
    """What no role may use (and is not superuser-only by design): a list of readable lines."""
    problems = []
    roles = [role for role in users if role]
    for area in managed_areas():
        if is_superuser_only(area.label):
            continue
        if not any(area.actions(users[role]) for role in roles):
            problems.append(f"{area.label} ({area.kind} {area.name}): không vai trò nào dùng được")
    reachable = {entry.url for role in roles for entry in menu_entries(users[role])}
    for entry in menu_entries(users[""]):
        if entry.url not in reachable and not is_superuser_only(entry.key):
            problems.append(f"menu {entry.key} ({entry.label}): không vai trò nào thấy")
    return problems
