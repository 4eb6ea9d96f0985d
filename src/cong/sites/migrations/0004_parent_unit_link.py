"""``parent_unit`` becomes a link to a unit of cong.organisation; the text stored so far is resolved
(the unit of the city portal whose slug or name it is) or dropped when no unit matches."""

import django.db.models.deletion
from django.db import migrations, models


def resolve(apps, schema_editor):
    ComponentSite = apps.get_model("sites", "ComponentSite")
    Unit = apps.get_model("organisation", "Unit")
    Site = apps.get_model("wagtailcore", "Site")
    city = Site.objects.filter(is_default_site=True).first()
    for component in ComponentSite.objects.exclude(parent_unit=""):
        text = component.parent_unit.strip()
        units = Unit.objects.filter(site=city)
        unit = units.filter(slug=text).first() or next(
            (u for u in units.order_by("pk") if u.name.casefold() == text.casefold()), None
        )
        if unit is not None:
            component.parent_unit_link = unit
            component.save(update_fields=["parent_unit_link"])


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0002_roles'),
        ('sites', '0003_theme_in_portal_settings'),
    ]

    operations = [
        migrations.AddField(
            model_name='componentsite',
            name='parent_unit_link',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisation.unit'),
        ),
        migrations.RunPython(resolve, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='componentsite',
            name='parent_unit',
        ),
        migrations.RenameField(
            model_name='componentsite',
            old_name='parent_unit_link',
            new_name='parent_unit',
        ),
        migrations.AlterField(
            model_name='componentsite',
            name='parent_unit',
            field=models.ForeignKey(blank=True, help_text='Đơn vị trong cơ cấu tổ chức của cổng thành phố', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisation.unit', verbose_name='Đơn vị chủ quản'),
        ),
    ]
