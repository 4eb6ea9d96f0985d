from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cong.ops"
    label = "ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from . import jobs

        jobs.register_builtin_jobs()
