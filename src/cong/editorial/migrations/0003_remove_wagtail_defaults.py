"""Remove what Wagtail creates for a new site and Cổng does not use: the "Moderators" and "Editors"
groups and the "Moderators approval" workflow and task. Our roles and "Duyệt tin bài" replace them.

Nothing in use is deleted: a group with members, a workflow or task that any page or snippet ever went
through (its states are the approval history) is kept, and a warning says so. Reversing this
migration does not bring them back.
"""

import sys

from django.db import migrations

GROUPS = ["Moderators", "Editors"]
WORKFLOW = "Moderators approval"
TASK = "Moderators approval"


def warn(message):
    sys.stdout.write(f"\n  CẢNH BÁO: {message}\n")


def remove_wagtail_defaults(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore.TaskState")

    for workflow in Workflow.objects.filter(name=WORKFLOW):
        if WorkflowState.objects.filter(workflow=workflow).exists():
            warn(f'giữ lại quy trình "{workflow.name}" vì đã có nội dung đi qua quy trình này.')
        else:
            workflow.delete()  # with its assignments to pages and snippet types

    for task in GroupApprovalTask.objects.filter(name=TASK):
        if WorkflowTask.objects.filter(task_id=task.pk).exists() or TaskState.objects.filter(task_id=task.pk).exists():
            warn(f'giữ lại bước duyệt "{task.name}" vì vẫn thuộc một quy trình hoặc đã được dùng.')
        else:
            task.delete()

    for group in Group.objects.filter(name__in=GROUPS):
        members = group.user_set.count()
        if members:
            warn(f'giữ lại nhóm "{group.name}" vì còn {members} thành viên; hãy chuyển họ sang các vai trò '
                 "của Ban biên tập rồi xóa nhóm này.")
        elif GroupApprovalTask.objects.filter(groups=group).exists():
            warn(f'giữ lại nhóm "{group.name}" vì một bước duyệt còn dùng nhóm này.')
        else:
            group.delete()  # with its page and collection permissions


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_owners"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_wagtail_defaults, migrations.RunPython.noop)]
