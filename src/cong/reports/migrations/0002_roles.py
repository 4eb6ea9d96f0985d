"""The reports belong to the head of the editorial board and the administrators.

Trưởng Ban biên tập and Quản trị see the output report, the author fees and the Decree 42 self-check,
change the reports' settings (fee scale, freshness limit), set an article's fee coefficient
(news.set_fee) and manage the authors. Biên tập viên manage the authors too (they complete bylines).
Idempotent: groups are looked up by name (created if missing) and permissions are only ever added.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HEAD = "Trưởng Ban biên tập"
ADMINISTRATOR = "Quản trị"
EDITOR = "Biên tập viên"

AUTHORS = ["news.add_author", "news.change_author", "news.view_author"]
GRANTS = {
    HEAD: [
        "reports.view_output_report",
        "reports.view_fees",
        "reports.view_selfcheck",
        "reports.change_reportsettings",
        "news.set_fee",
        *AUTHORS,
        "news.delete_author",
    ],
    ADMINISTRATOR: [
        "reports.view_output_report",
        "reports.view_fees",
        "reports.view_selfcheck",
        "reports.change_reportsettings",
        "news.set_fee",
        *AUTHORS,
        "news.delete_author",
    ],
    EDITOR: AUTHORS,
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for name, dotted in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for permission in dotted:
            app_label, codename = permission.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("news", "0004_byline_authors"),
        ("editorial", "0001_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
