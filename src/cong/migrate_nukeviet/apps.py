from django.apps import AppConfig


class MigrateNukevietConfig(AppConfig):
    name = "cong.migrate_nukeviet"
    label = "migrate_nukeviet"
    verbose_name = "Chuyển dữ liệu từ NukeViet"
    default_auto_field = "django.db.models.BigAutoField"
