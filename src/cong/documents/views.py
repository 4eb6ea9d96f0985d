"""Public pages of the documents database: the filtered, searchable list and one document's page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse

from cong.news.models import ArticlePage
from cong.pagecache import vary_on_query

from .citations import find_citations, fold_number, looks_like_number
from .linking import candidates_for, pick
from .vocabulary import INCOMING_LABELS, DocumentType, RelationKind, Status, fold_text

if TYPE_CHECKING:
    from .models import DocumentIndexPage, LegalDocument, LegalDocumentQuerySet


def _model(name: str) -> Any:
    """A model of this app from Django's registry: the models module dispatches its page's routes to
    this one, so importing it here would close an import circle."""
    return apps.get_model("documents", name)


DOCUMENTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
CITING_ARTICLES = 50


class DocumentFilterForm(forms.Form):
    """The list's filters, all in the query string so that every result page has an address."""

    q = forms.CharField(label="Từ khóa hoặc số ký hiệu", required=False, max_length=MAX_QUERY_LENGTH)
    loai = forms.ChoiceField(label="Loại văn bản", required=False)
    co_quan = forms.ChoiceField(label="Cơ quan ban hành", required=False)
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", required=False)
    nam = forms.TypedChoiceField(label="Năm ban hành", required=False, coerce=int, empty_value=None)
    tinh_trang = forms.ChoiceField(label="Tình trạng hiệu lực", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", "Tất cả")]
        self.fields["loai"].choices = everything + list(DocumentType.choices)
        issuers = _model("Issuer").objects.filter(documents__live=True)
        asked = self.data.get("co_quan") if self.is_bound else None
        if asked and asked.isprintable() and len(asked) <= 100:
            # an issuer without published documents yet (a new component site's link): empty list;
            # anything else (NUL, control characters, a novel) stays outside the choices: a 400
            issuers = _model("Issuer").objects.filter(Q(documents__live=True) | Q(slug=asked))
        self.fields["co_quan"].choices = everything + list(issuers.distinct().values_list("slug", "name"))
        self.fields["linh_vuc"].choices = everything + [
            (slug, name)
            for slug, name in _model("Sector")
            .objects.filter(documents__live=True)
            .distinct()
            .values_list("slug", "name")
        ]
        years = (
            _model("LegalDocument")
            .objects.public()
            .filter(issued_on__isnull=False)
            .dates("issued_on", "year", order="DESC")
        )
        self.fields["nam"].choices = everything + [(d.year, str(d.year)) for d in years]
        self.fields["tinh_trang"].choices = everything + list(Status.choices)

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)

    def apply(self, documents: LegalDocumentQuerySet) -> LegalDocumentQuerySet:
        data = self.cleaned_data
        if data.get("loai"):
            documents = documents.filter(doc_type=data["loai"])
        if data.get("co_quan"):
            documents = documents.filter(issuer__slug=data["co_quan"])
        if data.get("linh_vuc"):
            documents = documents.filter(sector__slug=data["linh_vuc"])
        if data.get("nam"):
            documents = documents.filter(issued_on__year=data["nam"])
        if data.get("tinh_trang"):
            documents = documents.filter(current_status=data["tinh_trang"])
        if data.get("q"):
            documents = search(documents, data["q"])
        return documents


def search(documents: LegalDocumentQuerySet, query: str) -> LegalDocumentQuerySet:
    """Accent-insensitive search over number, type, abstract and signer: every word must match.

    A query that is exactly one document number puts that number's documents first.
    """
    for term in fold_text(query).split()[:MAX_TERMS]:
        documents = documents.filter(search_text__contains=term)
    if looks_like_number(query):
        exact = Case(
            When(number_folded=fold_number(query), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        documents = documents.annotate(exact=exact).order_by("exact", "-issued_on", "-pk")
    return documents


def document_list(page: DocumentIndexPage, request: HttpRequest) -> TemplateResponse:
    vary_on_query(request, *DocumentFilterForm.base_fields, "trang")
    filtering = any(request.GET.get(name) for name in DocumentFilterForm.base_fields)
    form = DocumentFilterForm(request.GET if filtering else None)
    documents = _model("LegalDocument").objects.public().with_status().select_related("issuer", "sector")
    status = 200
    if form.is_bound and not form.is_valid():
        documents = documents.none()
        status = 400
    elif form.is_bound:
        documents = form.apply(documents)
    paginator = Paginator(documents, DOCUMENTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("trang", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("Không có trang này") from exc
    query = request.GET.copy()
    query.pop("trang", None)
    context = page.get_context(request)
    context.update(
        form=form,
        documents=page_obj.object_list,
        page_obj=page_obj,
        paginator=paginator,
        query_string=query.urlencode(),
        filtered=form.is_bound,
    )
    return TemplateResponse(request, "documents/document_list.html", context, status=status)


def cited_in(text: str, on: date | None) -> list[LegalDocument]:
    """Documents whose numbers ``text`` cites, resolved as in articles (one query, none if no citation)."""
    numbers = list(dict.fromkeys(c.folded for c in find_citations(text)))
    candidates = candidates_for(numbers)
    picked = [pick(candidates.get(number, []), on) for number in numbers]
    found = _model("LegalDocument").objects.in_bulk([c.pk for c in picked if c is not None])
    return [found[c.pk] for c in picked if c is not None and c.pk in found]


def document_detail(page: DocumentIndexPage, request: HttpRequest, slug: str) -> TemplateResponse:
    documents = _model("LegalDocument").objects.public().with_status().select_related("issuer", "sector")
    documents = documents.prefetch_related(
        Prefetch("files", queryset=_model("DocumentFile").objects.select_related("file")),
        Prefetch(
            "relations",
            queryset=_model("DocumentRelation").objects.filter(target__live=True).select_related("target"),
        ),
        Prefetch(
            "incoming_relations",
            queryset=_model("DocumentRelation").objects.filter(source__live=True).select_related("source"),
        ),
    )
    document = documents.filter(slug=slug).first()
    if document is None:
        raise Http404("Không tìm thấy văn bản")
    outgoing = [(r.get_kind_display(), r.target) for r in document.relations.all()]
    incoming = [(INCOMING_LABELS[RelationKind(r.kind)], r.source) for r in document.incoming_relations.all()]
    replaced_by = [source for label, source in incoming if label == INCOMING_LABELS[RelationKind.REPLACES]]
    related = {doc.pk for _, doc in outgoing + incoming} | {document.pk}
    mentioned = [("Nhắc đến trong trích yếu", doc) for doc in cited_in(document.abstract, document.issued_on)]
    mentioned = [(label, doc) for label, doc in mentioned if doc.pk not in related]
    citing = (
        ArticlePage.objects.live()
        .public()
        .filter(pk__in=_model("Citation").objects.filter(document=document).values("article_id"))
        .defer_streamfields()
        .order_by("-published_at", "-pk")[:CITING_ARTICLES]
    )
    context = page.get_context(request)
    context.update(
        document=document,
        relations=outgoing + incoming + mentioned,
        replaced_by=replaced_by,
        citing_articles=list(citing),
    )
    return TemplateResponse(request, "documents/document_detail.html", context)
