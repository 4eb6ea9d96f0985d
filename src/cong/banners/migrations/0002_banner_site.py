"""Banners belong to one Wagtail Site: the existing ones go to the default site (the city portal)."""

import django.db.models.deletion
from django.db import migrations, models


def to_default_site(apps, schema_editor):
    Banner = apps.get_model("banners", "Banner")
    Site = apps.get_model("wagtailcore", "Site")
    if not Banner.objects.exists():
        return
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        raise RuntimeError("Có banner nhưng chưa có website nào: tạo website mặc định trước.")
    Banner.objects.update(site=site)


class Migration(migrations.Migration):

    dependencies = [
        ('banners', '0001_initial'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='banner',
            name='banners_ban_placeme_3e5682_idx',
        ),
        migrations.AddField(
            model_name='banner',
            name='site',
            field=models.ForeignKey(help_text='Cổng hiển thị banner này', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='Website'),
        ),
        migrations.RunPython(to_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='banner',
            name='site',
            field=models.ForeignKey(help_text='Cổng hiển thị banner này', on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='Website'),
        ),
        migrations.AddIndex(
            model_name='banner',
            index=models.Index(fields=['site', 'placement', 'active', 'sort_order'], name='banners_ban_site_id_ba6658_idx'),
        ),
    ]
