"""The content locales: Vietnamese (Wagtail made it from LANGUAGE_CODE) and English; who may translate."""

from django.db import migrations

from cong.editorial.roles import ADMINISTRATOR, EDITOR, HEAD, ensure_permissions, grant

LANGUAGES = ("vi", "en")


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def grant_roles(apps, schema_editor):
    ensure_permissions(apps, ["simple_translation"])
    grant(apps, {role: ["simple_translation.submit_translation"] for role in (EDITOR, HEAD, ADMINISTRATOR)})


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("simple_translation", "0001_initial"),
        ("editorial", "0001_roles_and_workflow"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
