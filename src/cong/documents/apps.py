from django.apps import AppConfig, apps


class DocumentsConfig(AppConfig):
    """Legal and administrative documents (văn bản) and the citations of them in articles."""

    name = "cong.documents"
    label = "documents"  # Wagtail's own documents app is "wagtaildocs": no clash
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from cong.search import extra, suggest

        from . import signals  # noqa: F401
        from .searching import number_suggestions, search_section

        extra.register(search_section)  # documents in /tim-kiem/
        suggest.register(number_suggestions)  # document numbers as you type

        if apps.is_installed("cong.pagecache"):
            # Document pages, and articles linking to documents, show these models: a change to any
            # of them must empty the anonymous page cache.
            from wagtail.documents import get_document_model

            from cong.pagecache.invalidation import register_model

            from .models import DocumentFile, DocumentRelation, Issuer, LegalDocument, Sector

            for model in (
                LegalDocument,
                DocumentFile,
                DocumentRelation,
                Issuer,
                Sector,
                get_document_model(),
            ):
                register_model(model)
