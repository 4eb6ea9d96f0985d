from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "cong.participation"
    label = "participation"
    verbose_name = "Hỏi đáp và ý kiến"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cong.pagecache.invalidation import register_site_model
        from cong.pagecache.store import register_expiry
        from cong.search import extra

        from . import searching, signals  # noqa: F401
        from .models import Consultation
        from .views import search_section

        extra.register(search_section)  # answered questions
        extra.register(searching.search_section)  # consultations
        # The search results show consultations: an edit renews the site's pages, and the moment one
        # opens or closes caps the lifetime of cached pages.
        register_site_model(Consultation)
        register_expiry(searching.next_change)

        from cong.ops import jobs

        # Askers' contact data removed N months after the answer (docs/participation.md).
        jobs.register("expire_personal_data", _expire_personal_data, at="04:20")


def _expire_personal_data() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("expire_personal_data", stdout=out)
    return out.getvalue().strip()
