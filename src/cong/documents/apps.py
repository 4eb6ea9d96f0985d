from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Legal and administrative documents (văn bản) and the citations of them in articles."""

    name = "cong.documents"
    label = "documents"  # Wagtail's own documents app is "wagtaildocs": no clash
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from . import signals  # noqa: F401
