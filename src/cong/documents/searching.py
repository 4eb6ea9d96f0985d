"""Documents in the portal-wide search (/tim-kiem/) and its suggestions, registered with cong.search
(``extra.register``, ``suggest.register``) in AppConfig.ready."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest

from cong.search.extra import NUMBER_MATCH, Hit, Section, per_generation, scorer
from cong.search.mixed import as_datetime
from cong.search.suggest import Suggestion

from .citations import fold_number, looks_like_number
from .models import DocumentIndexPage, LegalDocument
from .views import search


def number_suggestions(request: HttpRequest, query: str, limit: int) -> list[Suggestion]:
    """Published documents whose number starts with what was typed ("42/20" → 42/2022/NĐ-CP), newest first."""
    if not any(char.isdigit() for char in query) or " " in query.strip():
        return []
    prefix = fold_number(query)
    index_page = _index_page(request)
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


def _index_page(request: HttpRequest) -> DocumentIndexPage | None:
    """The live documents page, None when there is none or no published document (kept per generation)."""

    def find() -> DocumentIndexPage | None:
        if not LegalDocument.objects.public().exists():
            return None
        return DocumentIndexPage.objects.live().first()

    return per_generation(request, "documents:index", find)


# Documents are scored in Python (cong.search.extra.scorer) among their newest matches, this many
# at most: the documents' own search (/van-ban/) is a LIKE filter on their folded text, not the index.
SCORED_MATCHES = 200


def search_section(request: HttpRequest, query: str, limit: int) -> Section | None:
    """Published documents matching every word (number, type, abstract, signer), best first on the
    articles' scale: the document whose number is the query above everything (NUMBER_MATCH), then
    number and type as the title, the abstract as the lede, signer and issuer as the body."""
    index_page = _index_page(request)
    if index_page is None:
        return None
    found = search(LegalDocument.objects.public().select_related("issuer"), query)
    number = fold_number(query) if looks_like_number(query) else ""
    ordered = found if number else found.order_by("-issued_on", "-pk")  # a number: its documents first
    fields = (
        "number",
        "number_folded",
        "doc_type",
        "abstract",
        "signer",
        "issued_on",
        "slug",
        "issuer__name",
    )
    candidates = list(ordered.only(*fields)[: max(limit, SCORED_MATCHES)])
    scored, score_text = [], scorer(query)
    for document in candidates:
        score = (
            NUMBER_MATCH
            if number and document.number_folded == number
            else score_text(str(document), document.abstract, f"{document.signer} {document.issuer.name}")
        )
        scored.append((-max(score, 1), document))  # every LIKE match counts, at least as a body match
    scored.sort(key=lambda item: item[0])  # stable: newest first within a score
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
            score=-negative,
            date=as_datetime(document.issued_on),
            number=document.number,
            issuer=document.issuer.name,
        )
        for negative, document in scored[:limit]
    ]
    more = f"{index_page.get_url(request) or '/'}?{urlencode({'q': query})}"
    count = len(candidates) if len(candidates) < max(limit, SCORED_MATCHES) else found.count()
    return Section("Văn bản", hits, more, key="van-ban", count=count)
