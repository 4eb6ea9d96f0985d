"""The grant helper, the owners migration, and the removal of Wagtail's default groups and workflow."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from cong.editorial.roles import ADMINISTRATOR, EDITOR, HEAD, grant

pytestmark = pytest.mark.django_db

owners = importlib.import_module("cong.editorial.migrations.0002_owners")
cleanup = importlib.import_module("cong.editorial.migrations.0003_remove_wagtail_defaults")


def state_apps(migration: str) -> Any:
    return MigrationExecutor(connection).loader.project_state(("editorial", migration)).apps


def granted(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


def test_grant_adds_creates_missing_permissions_and_is_idempotent() -> None:
    Permission.objects.filter(codename="publish_legaldocument").delete()  # as before post_migrate
    apps = state_apps("0003_remove_wagtail_defaults")
    grant(apps, {"Vai trò thử": ["documents.publish_legaldocument", "banners.view_banner"]})
    grant(apps, {"Vai trò thử": ["documents.publish_legaldocument", "banners.view_banner"]})
    assert granted("Vai trò thử") == {("documents", "publish_legaldocument"), ("banners", "view_banner")}
    assert Permission.objects.filter(codename="publish_legaldocument").count() == 1
    with pytest.raises(LookupError):
        grant(apps, {"Vai trò thử": ["documents.fly_legaldocument"]})


def test_owners_migration_grants_and_is_idempotent(home: Page) -> None:
    assert ("documents", "add_legaldocument") in granted(EDITOR)
    assert ("documents", "publish_legaldocument") not in granted(EDITOR)
    assert {("documents", "publish_legaldocument"), ("documents", "delete_legaldocument")} <= granted(HEAD)
    for role in (HEAD, ADMINISTRATOR):
        assert {("stats", "view_dailystats"), ("documents", "view_citation")} <= granted(role)
    assert ("wagtailredirects", "add_redirect") in granted(ADMINISTRATOR)
    before = (
        Group.permissions.through.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )
    owners.grant_owners(state_apps("0002_owners"), connection.schema_editor())
    after = (
        Group.permissions.through.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )
    assert after == before


def test_wagtail_defaults_are_gone_after_migrate() -> None:
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    # Only Cổng's own workflows remain (the editorial one; participation adds its answer review).
    assert set(Workflow.objects.values_list("name", flat=True)) <= {"Duyệt tin bài", "Duyệt câu trả lời"}
    assert Workflow.objects.filter(name="Duyệt tin bài").exists()


def wagtail_defaults(home: Page) -> tuple[Group, Group, Workflow]:
    """Wagtail's defaults as a new Wagtail site has them."""
    moderators = Group.objects.create(name="Moderators")
    editors = Group.objects.create(name="Editors")
    workflow = Workflow.objects.create(name="Moderators approval", active=True)
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.add(moderators)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=Page.get_first_root_node(), workflow=workflow)
    return moderators, editors, workflow


def test_cleanup_keeps_a_group_with_members_and_warns(
    home: Page, django_user_model: Any, capsys: Any
) -> None:
    _, editors, _ = wagtail_defaults(home)
    editors.user_set.add(django_user_model.objects.create_user("cu", "cu@example.vn", "mat-khau-dai-1"))
    cleanup.remove_wagtail_defaults(state_apps("0003_remove_wagtail_defaults"), connection.schema_editor())
    assert list(Group.objects.filter(name__in=["Moderators", "Editors"]).values_list("name", flat=True)) == [
        "Editors"
    ]
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert WorkflowPage.objects.get(page=home).workflow.name == "Duyệt tin bài"
    out = capsys.readouterr().out
    assert 'CẢNH BÁO: giữ lại nhóm "Editors" vì còn 1 thành viên' in out


def test_cleanup_keeps_a_workflow_something_went_through(
    home: Page, django_user_model: Any, capsys: Any
) -> None:
    _, _, workflow = wagtail_defaults(home)
    user = django_user_model.objects.create_user("cu", "cu@example.vn", "mat-khau-dai-1")
    WorkflowState.objects.create(
        workflow=workflow,
        content_type=home.content_type,
        base_content_type=home.content_type,
        object_id=str(home.pk),
        requested_by=user,
        status=WorkflowState.STATUS_APPROVED,
    )
    cleanup.remove_wagtail_defaults(state_apps("0003_remove_wagtail_defaults"), connection.schema_editor())
    assert Workflow.objects.filter(name="Moderators approval").exists()
    assert Task.objects.filter(name="Moderators approval").exists()  # still a step of that workflow
    assert Group.objects.filter(name="Moderators").exists()  # the step still uses it
    assert not Group.objects.filter(name="Editors").exists()
    out = capsys.readouterr().out
    assert 'giữ lại quy trình "Moderators approval"' in out
    assert 'giữ lại nhóm "Moderators" vì một bước duyệt còn dùng nhóm này' in out
