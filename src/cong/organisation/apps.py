from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "cong.organisation"
    label = "organisation"
    verbose_name = "Tổ chức và lịch công tác"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()
