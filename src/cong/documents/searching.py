"""Documents in the portal-wide search (/tim-kiem/) and its suggestions, registered with cong.search
(``extra.register``, ``suggest.register``) in AppConfig.ready."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest

from cong.search.extra import Hit, Section
from cong.search.suggest import Suggestion

from .citations import fold_number, looks_like_number
from .models import DocumentIndexPage, LegalDocument
from .views import search


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


def search_section(request: HttpRequest, query: str, limit: int) -> Section | None:
    """Published documents matching every word (number, type, abstract, signer), the document whose
    number is the query first; shown before the articles when the query is a document number."""
    index_page = DocumentIndexPage.objects.live().first()
    if index_page is None:
        return None
    found = search(LegalDocument.objects.public().select_related("issuer"), query)
    if not looks_like_number(query):
        found = found.order_by("-issued_on", "-pk")
    hits = [
        Hit(
            title=str(document),
            url=index_page.document_url(document, request),
            snippet=document.abstract,
            meta=" · ".join(
                part
                for part in (
                    document.issuer.name,
                    document.issued_on.strftime("%d/%m/%Y") if document.issued_on else "",
                )
                if part
            ),
        )
        for document in found[:limit]
    ]
    more = f"{index_page.get_url(request) or '/'}?{urlencode({'q': query})}"
    return Section("Văn bản", hits, more, key="van-ban", count=found.count(), first=looks_like_number(query))
