"""Who manages polls and reads the portal ratings: Biên tập viên, Trưởng Ban biên tập and Quản trị
(additive, like 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

POLL = ["add_poll", "change_poll", "view_poll"]
RATING = ["view_portalrating"]
PERMISSIONS = {
    "Biên tập viên": POLL + RATING,
    "Trưởng Ban biên tập": [*POLL, "delete_poll", *RATING],
    "Quản trị": [*POLL, "delete_poll", *RATING, "delete_portalrating"],
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
    dependencies = [("participation", "0003_ratings_polls")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
