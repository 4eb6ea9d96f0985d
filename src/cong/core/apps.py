from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cong.core"
    label = "core"
    verbose_name = "Cổng: lõi"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)
        from .csvsafe import protect_wagtail_exports

        protect_wagtail_exports()
