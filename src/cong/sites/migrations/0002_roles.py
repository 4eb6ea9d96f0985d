"""The city's board decides on shares; Quản trị sets each site's theme (cong.editorial.roles.grant)."""

from django.db import migrations

from cong.editorial.roles import ADMINISTRATOR, HEAD, grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            HEAD: [
                "sites.add_articleshare",
                "sites.change_articleshare",
                "sites.delete_articleshare",
                "sites.view_articleshare",
            ],
            ADMINISTRATOR: ["sites.change_sitetheme"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_initial"), ("editorial", "0001_roles_and_workflow")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
