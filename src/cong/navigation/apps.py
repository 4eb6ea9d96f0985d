from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "cong.navigation"
    label = "navigation"
    verbose_name = "Trình đơn và liên kết"

    def ready(self) -> None:
        from cong.pagecache.invalidation import register_model

        from .models import LinkedPortal, MainMenu, ProcedureLink, TrackingSettings

        for model in (MainMenu, LinkedPortal, ProcedureLink, TrackingSettings):
            register_model(model)
