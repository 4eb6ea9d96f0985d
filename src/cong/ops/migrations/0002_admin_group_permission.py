"""The "Quản trị" group may read the operations report (ops.view_jobrun)."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("ops")
    app_config.models_module = True  # the migration state's app configs have none: create the rows now
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Quản trị")
    for codename in ("view_jobrun", "view_heartbeat"):
        group.permissions.add(Permission.objects.get(content_type__app_label="ops", codename=codename))


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
