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

        from cong.ops import jobs

        # Askers' contact data removed N months after the answer (docs/participation.md).
        jobs.register("expire_personal_data", _expire_personal_data, at="04:20")


def _expire_personal_data() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("expire_personal_data", stdout=out)
    return out.getvalue().strip()
