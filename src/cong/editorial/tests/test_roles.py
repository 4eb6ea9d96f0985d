"""The roles and the workflow created by the data migration, and what each role may open in the admin."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cong.editorial.migrations.0001_roles_and_workflow")
ROLE_NAMES = ["Phóng viên", "Cộng tác viên", "Biên tập viên", "Trưởng Ban biên tập", "Quản trị"]


def snapshot() -> dict[str, Any]:
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": Group.permissions.through.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "workflows": Workflow.objects.count(),
        "workflow_tasks": sorted(
            WorkflowTask.objects.values_list("workflow__name", "task__name", "sort_order")
        ),
        "workflow_pages": WorkflowPage.objects.count(),
    }


def test_migration_creates_the_roles_and_the_workflow(home: Page) -> None:
    for name in ROLE_NAMES:
        assert Group.objects.filter(name=name).exists(), name
    workflow = WorkflowPage.objects.get(page=home).workflow
    assert workflow.name == "Duyệt tin bài" and workflow.active
    steps = [(task.name, [g.name for g in task.specific.groups.all()]) for task in workflow.tasks.all()]
    assert steps == [
        ("Biên tập viên duyệt", ["Biên tập viên"]),
        ("Trưởng Ban biên tập phê duyệt", ["Trưởng Ban biên tập"]),
    ]
    publishers = GroupPagePermission.objects.filter(page=home, permission__codename="publish_page")
    assert list(publishers.values_list("group__name", flat=True)) == ["Trưởng Ban biên tập"]


def test_migration_is_idempotent(home: Page) -> None:
    before = snapshot()
    state_apps = (
        MigrationExecutor(connection).loader.project_state(("editorial", "0001_roles_and_workflow")).apps
    )
    migration.create_roles_and_workflow(state_apps, connection.schema_editor())
    migration.create_roles_and_workflow(state_apps, connection.schema_editor())
    assert snapshot() == before


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("quantri", ["settings", "users", "banners"], ["workflows"]),
        ("truongban", ["site_history"], ["settings", "users", "banners"]),
        ("phongvien", [], ["settings", "users", "banners", "workflows"]),
    ],
)
def test_what_each_role_may_open(
    as_role: Any, home: Page, username: str, allowed: list[str], refused: list[str]
) -> None:
    urls = {
        "settings": reverse("wagtailsettings:edit", args=("core", "portalsettings", home.get_site().pk)),
        "users": reverse("wagtailusers_users:index"),
        "banners": reverse("wagtailsnippets_banners_banner:list"),
        "workflows": reverse("wagtailadmin_workflows:index"),
        "site_history": reverse("wagtailadmin_reports:site_history"),
    }
    client = as_role(username)
    for name in allowed:
        assert client.get(urls[name]).status_code == 200, name
    for name in refused:
        response = client.get(urls[name])
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert not response["Location"].startswith(urls[name]), name
