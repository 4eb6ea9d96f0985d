"""Who enters the work schedule (Biên tập viên, Trưởng Ban biên tập, Quản trị) and who manages the
organisation's units and people (Trưởng Ban biên tập, Quản trị). Additive."""

from django.db import migrations

from cong.editorial.roles import ADMINISTRATOR, EDITOR, HEAD, grant

WEEK = ["organisation.add_scheduleweek", "organisation.change_scheduleweek", "organisation.view_scheduleweek"]
ORGANISATION = [
    f"organisation.{action}_{model}"
    for model in ("unit", "person")
    for action in ("add", "change", "delete", "view")
]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            EDITOR: [*WEEK, "organisation.view_unit", "organisation.view_person"],
            HEAD: [*WEEK, "organisation.delete_scheduleweek", *ORGANISATION],
            ADMINISTRATOR: [*WEEK, "organisation.delete_scheduleweek", *ORGANISATION],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("editorial", "0001_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
