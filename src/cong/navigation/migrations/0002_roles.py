"""Quản trị runs the main menu, the linked portals and the EMC code; Biên tập viên and above keep the
list of administrative procedures (additive, like every grant)."""

from django.db import migrations

from cong.editorial.roles import ADMINISTRATOR, EDITOR, HEAD, ensure_permissions, grant


def _crud(model: str) -> list[str]:
    return [f"navigation.{action}_{model}" for action in ("add", "change", "delete", "view")]


def grant_roles(apps, schema_editor):
    ensure_permissions(apps, ["navigation"])
    admin = [
        *_crud("linkedportal"),
        *_crud("procedurelink"),
        "navigation.change_mainmenu",
        "navigation.view_mainmenu",
        "navigation.change_trackingsettings",
        "navigation.view_trackingsettings",
    ]
    grant(apps, {ADMINISTRATOR: admin})
    grant(apps, {role: _crud("procedurelink") for role in (EDITOR, HEAD)})


class Migration(migrations.Migration):
    dependencies = [("navigation", "0001_initial"), ("editorial", "0001_roles_and_workflow")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
