from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


def _setting_saved(sender: type, created: bool = False, **kwargs: Any) -> None:
    """A site setting's row is created empty on first read (``for_site``): that changes no page."""
    if not created:
        from cong.pagecache.invalidation import invalidate

        invalidate()


class NavigationConfig(AppConfig):
    name = "cong.navigation"
    label = "navigation"
    verbose_name = "Trình đơn và liên kết"

    def ready(self) -> None:
        from cong.pagecache.invalidation import register_model

        from .models import LinkedPortal, MainMenu, ProcedureLink, TrackingSettings

        for model in (LinkedPortal, ProcedureLink):
            register_model(model)
        for model in (MainMenu, TrackingSettings):
            post_save.connect(_setting_saved, sender=model, dispatch_uid=f"navigation:{model.__name__}")
