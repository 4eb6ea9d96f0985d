from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "cong.participation"
    label = "participation"
    verbose_name = "Hỏi đáp và ý kiến"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cong.search import extra

        from . import signals  # noqa: F401
        from .views import search_section

        extra.register(search_section)
