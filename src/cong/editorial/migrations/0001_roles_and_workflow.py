"""The editorial board's roles (groups and their permissions) and the default review workflow.

Idempotent: every object is looked up by name before it is created, and permissions are only ever
added, so running it again (or on a database where an administrator already made some of these
groups) leaves one copy of everything. Reversing it leaves the roles in place: they may have members.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from cong.editorial.roles import ADMINISTRATOR, COLLABORATOR, EDITOR, HEAD, REPORTER

WORKFLOW = "Duyệt tin bài"
REVIEW_TASK = "Biên tập viên duyệt"
APPROVAL_TASK = "Trưởng Ban biên tập phê duyệt"

ACCESS_ADMIN = "wagtailadmin.access_admin"

# Page permissions, granted on the home page and everything below it (the whole news tree).
# "add" lets a user create pages and edit the ones they own; "change" lets them edit any page.
PAGE_PERMISSIONS = {
    REPORTER: ["add_page"],
    COLLABORATOR: ["add_page"],
    EDITOR: ["add_page", "change_page", "lock_page"],
    HEAD: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATOR: [],
}

# Image and document permissions on the root collection (and so on every collection).
COLLECTION_PERMISSIONS = {
    REPORTER: ["wagtailimages.add_image", "wagtailimages.choose_image"]
    + ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
    COLLABORATOR: ["wagtailimages.add_image", "wagtailimages.choose_image"]
    + ["wagtaildocs.add_document", "wagtaildocs.choose_document"],
    EDITOR: ["wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"]
    + ["wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document"],
    HEAD: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
    ]
    + [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
    # Banners need an image.
    ADMINISTRATOR: ["wagtailimages.add_image", "wagtailimages.choose_image"],
}

# Model permissions (Django's own), besides access to the admin which every role has.
MODEL_PERMISSIONS = {
    REPORTER: [],
    COLLABORATOR: [],
    EDITOR: [],
    HEAD: [],
    ADMINISTRATOR: [
        "core.change_portalsettings",
        "banners.add_banner",
        "banners.change_banner",
        "banners.delete_banner",
        "banners.view_banner",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
    ],
}


def _ensure_all_permissions(apps):
    """Create the permissions rows now: Django otherwise only creates them after the last migration."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permission(apps, dotted):
    Permission = apps.get_model("auth.Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    ContentType = apps.get_model("contenttypes.ContentType")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    HomePage = apps.get_model("news.HomePage")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    _ensure_all_permissions(apps)
    homes = list(HomePage.objects.order_by("path"))
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {}
    for name in PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(
            _permission(apps, ACCESS_ADMIN), *(_permission(apps, p) for p in MODEL_PERMISSIONS[name])
        )
        for codename in PAGE_PERMISSIONS[name]:
            permission = _permission(apps, f"wagtailcore.{codename}")
            for home in homes:
                GroupPagePermission.objects.get_or_create(group=group, page_id=home.pk, permission=permission)
        if root_collection is not None:
            for dotted in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, dotted)
                )

    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    steps = [(REVIEW_TASK, groups[EDITOR]), (APPROVAL_TASK, groups[HEAD])]
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    for sort_order, (task_name, group) in enumerate(steps):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
        task.groups.add(group)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": sort_order})
    for home in homes:
        WorkflowPage.objects.get_or_create(page_id=home.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("banners", "0001_initial"),
        ("news", "0002_home_page"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
