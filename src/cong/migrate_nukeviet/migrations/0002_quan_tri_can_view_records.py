"""The "Quản trị" role may view what was imported from NukeViet (the mapping / old addresses table)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("migrate_nukeviet")
    app_config.models_module = True  # Django otherwise creates permissions only after the last migration
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name="Quản trị")
    permission = Permission.objects.get(content_type__app_label="migrate_nukeviet", codename="view_nukevietrecord")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("migrate_nukeviet", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
