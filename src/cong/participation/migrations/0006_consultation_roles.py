"""Who runs consultations, moderates comments and writes the agency's responses: Biên tập viên,
Trưởng Ban biên tập and Quản trị (additive, like 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGE = [
    "add_consultation",
    "change_consultation",
    "view_consultation",
    "change_comment",
    "view_comment",
    "change_draftpart",
    "view_draftpart",
]
PERMISSIONS = {
    "Biên tập viên": MANAGE,
    "Trưởng Ban biên tập": [*MANAGE, "delete_consultation"],
    "Quản trị": [*MANAGE, "delete_consultation"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    app_config = apps.get_app_config("participation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="participation", codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [("participation", "0005_consultations")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
