"""The editorial board's roles, and the helper every app's data migration uses to grant permissions.

The roles are Django groups. Each app grants the permissions of its own models in a data migration of
its own, through :func:`grant`::

    from cong.editorial.roles import EDITOR, HEAD, REPORT_ROLES, grant

    def grant_roles(apps, schema_editor):
        grant(apps, {EDITOR: ["questions.add_question"], HEAD: ["questions.delete_question"]})
        grant(apps, {role: ["questions.view_questionreport"] for role in REPORT_ROLES})

(the migration must depend on the app's migration that creates the models, and on
``("editorial", "0001_roles_and_workflow")`` so that the groups exist in their final form).
``grant`` only ever adds: it never removes a permission or deletes a group, and running it twice
changes nothing. docs/roles.md (``./cong roles_matrix``) shows the result.

This module imports no model at import time, so migrations may import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

REPORTER = "Phóng viên"
COLLABORATOR = "Cộng tác viên"
EDITOR = "Biên tập viên"
HEAD = "Trưởng Ban biên tập"
ADMINISTRATOR = "Quản trị"

# In the order of the workflow: who writes, who edits, who decides, who runs the portal.
ROLES = (REPORTER, COLLABORATOR, EDITOR, HEAD, ADMINISTRATOR)


def all_roles() -> list[str]:
    """The editorial roles, then the roles apps add by migration for their own work (for example
    Hỏi đáp's "Cán bộ trả lời"), in the order they were created. Reads the database."""
    from django.contrib.auth.models import Group

    names = list(Group.objects.order_by("pk").values_list("name", flat=True))
    return [role for role in ROLES if role in names] + [name for name in names if name not in ROLES]


# Reports (statistics, audit log, documents, and every later report) belong to these roles.
REPORT_ROLES = (HEAD, ADMINISTRATOR)

# Admin areas no role may use, only a superuser (the technical operator), and why. Keyed by the model
# label ("app_label.modelname") or by the admin menu item's path ("settings/groups").
_ROLES_BY_MIGRATION = (
    "Vai trò (nhóm) và quyền của chúng được đặt bằng migration và công bố ở docs/roles.md; sửa tay sẽ làm "
    "bảng phân quyền sai lệch."
)
_WORKFLOW_BY_MIGRATION = (
    "Quy trình duyệt tin bài và các bước của nó là quy chế của Ban biên tập, được đặt bằng migration."
)
SUPERUSER_ONLY = {
    "auth.group": _ROLES_BY_MIGRATION,
    "settings/groups": _ROLES_BY_MIGRATION,
    "settings/workflows": _WORKFLOW_BY_MIGRATION,
    "settings/workflow-tasks": _WORKFLOW_BY_MIGRATION,
}

# Wagtail creates these permissions itself after the last migration (for snippets with
# DraftStateMixin / LockableMixin); a migration that grants them must create them first.
_WAGTAIL_EXTRA_ACTIONS = ("publish", "lock", "unlock")


def ensure_permissions(apps: Any, app_labels: Iterable[str]) -> None:
    """Create the permission rows of these apps now: Django otherwise creates them only after the
    last migration (``post_migrate``)."""
    from django.contrib.auth.management import create_permissions

    for label in dict.fromkeys(app_labels):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps: Any, dotted: str) -> Any:
    """The ``auth.Permission`` row of "app_label.codename", creating Wagtail's extra ones if missing."""
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    app_label, codename = dotted.split(".")
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found is not None:
        return found
    action, _, model_name = codename.partition("_")
    if action in _WAGTAIL_EXTRA_ACTIONS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            model = None
        if model is not None:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
            # Same name as Wagtail's own create_extra_permissions, so that it does not add another.
            return Permission.objects.create(
                content_type=content_type,
                codename=codename,
                name=f"Can {action} {model._meta.verbose_name_raw}",
            )
    raise LookupError(f"Không có quyền {dotted}")


def grant(apps: Any, grants: Mapping[str, Iterable[str]]) -> None:
    """Give each role (group, created if missing) the listed "app_label.codename" permissions.

    Missing permission rows are created first; unknown ones raise ``LookupError``.
    """
    Group = apps.get_model("auth.Group")
    grants = {role: list(perms) for role, perms in grants.items()}
    ensure_permissions(apps, (dotted.split(".")[0] for perms in grants.values() for dotted in perms))
    for role, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*(permission(apps, dotted) for dotted in perms))


# Per-site boards (cong.sites): "Biên tập viên – Sở Y tế" is the role Biên tập viên on that site only.
SITE_ROLE_SEPARATOR = " – "
SITE_ROLES = (REPORTER, COLLABORATOR, EDITOR, HEAD)


def site_role(role: str, site_name: str) -> str:
    """The group name of ``role`` on one component site."""
    return f"{role}{SITE_ROLE_SEPARATOR}{site_name}"


def base_role(group_name: str) -> str:
    """The editorial role of a (possibly per-site) group name: "Biên tập viên – Sở Y tế" → "Biên tập viên"."""
    role, separator, _ = group_name.partition(SITE_ROLE_SEPARATOR)
    return role if separator and role in SITE_ROLES else group_name
