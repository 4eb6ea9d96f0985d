"""Document numbers in the search suggestions (registered with cong.search.suggest in AppConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest

from cong.search.suggest import Suggestion

from .citations import fold_number
from .models import DocumentIndexPage, LegalDocument


def number_suggestions(request: HttpRequest, query: str, limit: int) -> list[Suggestion]:
    """Published documents whose number starts with what was typed ("42/20" → 42/2022/NĐ-CP), newest first."""
    if not any(char.isdigit() for char in query) or " " in query.strip():
        return []
    prefix = fold_number(query)
    index_page = DocumentIndexPage.objects.live().first()
    if not prefix or index_page is None:
        return []
    documents = (
        LegalDocument.objects.public().filter(number_folded__startswith=prefix).order_by("-issued_on", "-pk")
    )
    return [
        Suggestion(
            f"{document} – {document.abstract[:80]}", index_page.document_url(document, request), "document"
        )
        for document in documents[:limit]
    ]
