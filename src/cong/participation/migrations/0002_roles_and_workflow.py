"""Roles for Hỏi đáp and the answer workflow "Duyệt câu trả lời".

- "Cán bộ trả lời" (new group): sees and handles the questions of its departments (membership is set on
  each Phòng ban / đơn vị), drafts answers and submits them for approval; cannot publish.
- "Trưởng Ban biên tập": sees every question, approves (publishes) answers, manages departments and fields.
- "Quản trị": manages departments, fields and the personal-data notice.
Idempotent and additive, like the editorial roles migration: groups are looked up by name, nothing is
deleted, reversing leaves everything in place.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ANSWERER = "Cán bộ trả lời"
HEAD = "Trưởng Ban biên tập"
ADMINISTRATOR = "Quản trị"
WORKFLOW = "Duyệt câu trả lời"
APPROVAL_TASK = "Trưởng Ban biên tập phê duyệt"

PERMISSIONS = {
    ANSWERER: [
        "wagtailadmin.access_admin",
        "participation.view_question",
        "participation.change_question",
        "participation.add_answer",
        "participation.change_answer",
        "participation.view_answer",
        "participation.view_department",
        "participation.view_questionfield",
    ],
    HEAD: [
        "participation.view_question",
        "participation.change_question",
        "participation.add_answer",
        "participation.change_answer",
        "participation.view_answer",
        "participation.publish_answer",
        "participation.add_department",
        "participation.change_department",
        "participation.view_department",
        "participation.add_questionfield",
        "participation.change_questionfield",
        "participation.view_questionfield",
    ],
    ADMINISTRATOR: [
        "participation.add_department",
        "participation.change_department",
        "participation.delete_department",
        "participation.view_department",
        "participation.add_questionfield",
        "participation.change_questionfield",
        "participation.delete_questionfield",
        "participation.view_questionfield",
        "participation.change_participationsettings",
    ],
}


def _ensure_all_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    _ensure_all_permissions(apps)
    # Wagtail adds the publish/lock permissions of snippets only after the last migration.
    answer_type = ContentType.objects.get_for_model(apps.get_model("participation", "Answer"))
    for action in ("publish", "lock", "unlock"):
        Permission.objects.get_or_create(
            content_type=answer_type, codename=f"{action}_answer", defaults={"name": f"Can {action} Câu trả lời"}
        )
    groups = {}
    for name, dotted in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for item in dotted:
            app_label, codename = item.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=APPROVAL_TASK,
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
            active=True,
        )
    task.groups.add(groups[HEAD])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.get_or_create(content_type=answer_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("editorial", "0001_roles_and_workflow"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
