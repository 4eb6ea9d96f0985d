from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cong.core"
    label = "core"
    verbose_name = "Cổng: lõi"
