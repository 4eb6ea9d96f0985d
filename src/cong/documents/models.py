"""Legal and administrative documents (văn bản), their files and relations, and citations in articles.

A document is a snippet (``LegalDocument``), not a page: portals hold thousands of them, they have no
body to lay out, and editors find them by number, not in the page tree. The public pages are served
by one routable ``DocumentIndexPage`` ("Văn bản", /van-ban/) under the home page: the list at
/van-ban/ and each document at /van-ban/<slug>/. See docs/documents.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin

from cong.core.models import BasePage
from cong.core.text import nfc, slugify_vi

from .citations import canonical_number, fold_number
from .vocabulary import DocumentType, RelationKind, Status, fold_text


class _NamedModel(models.Model):
    name = models.CharField("Tên", max_length=255, unique=True)
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = " ".join(nfc(self.name).split())
        if not self.slug:
            base = slugify_vi(self.name, max_length=90)
            candidate, n = base, 2
            while type(self).objects.filter(slug=candidate).exclude(pk=self.pk).exists():
                candidate, n = f"{base}-{n}", n + 1
            self.slug = candidate
        super().save(*args, **kwargs)

    @classmethod
    def for_name(cls, name: str) -> Any:
        """The entry with this name (compared case-insensitively, Vietnamese too), created if missing."""
        name = " ".join(nfc(name).split())
        key = name.casefold()
        found = next((o for o in cls.objects.all() if o.name.casefold() == key), None)
        return found or cls.objects.create(name=name)


class Issuer(_NamedModel):
    """Cơ quan ban hành: "Bộ Chính trị", "Chính phủ", "Ủy ban nhân dân thành phố"."""

    class Meta(_NamedModel.Meta):
        verbose_name = "Cơ quan ban hành"
        verbose_name_plural = "Cơ quan ban hành"


class Sector(_NamedModel):
    """Lĩnh vực: "Giáo dục", "Xây dựng đảng", "Thông tin và truyền thông"."""

    class Meta(_NamedModel.Meta):
        verbose_name = "Lĩnh vực"
        verbose_name_plural = "Lĩnh vực"


class LegalDocumentQuerySet(models.QuerySet):
    def public(self) -> LegalDocumentQuerySet:
        """What visitors may see: published documents (drafts wait for the Trưởng Ban biên tập)."""
        return self.filter(live=True)

    def with_status(self, today: date | None = None) -> LegalDocumentQuerySet:
        """Annotate ``current_status``: the override, else "replaced", else what the dates say."""
        today = today or timezone.localdate()
        replaced = DocumentRelation.objects.filter(
            target=OuterRef("pk"), kind=RelationKind.REPLACES, source__live=True
        )
        return self.annotate(
            current_status=Case(
                When(~Q(status_override=""), then=F("status_override")),
                When(Exists(replaced), then=Value(Status.REPLACED.value)),
                When(expires_on__lte=today, then=Value(Status.EXPIRED.value)),
                When(effective_on__gt=today, then=Value(Status.NOT_YET.value)),
                When(effective_on__lte=today, then=Value(Status.IN_FORCE.value)),
                When(issued_on__isnull=False, then=Value(Status.IN_FORCE.value)),
                default=Value(Status.UNKNOWN.value),
                output_field=models.CharField(),
            )
        )


class LegalDocument(DraftStateMixin, RevisionMixin, ClusterableModel):
    """One document. Its key is number + issuer + issue date: Party numbers restart every term.

    Documents have a publish state (Wagtail's DraftStateMixin): a Biên tập viên adds or edits a draft,
    the Trưởng Ban biên tập publishes it; only published (``live``) documents are public. Imported
    documents are published at once (the importer is run by the portal's operator).
    """

    number = models.CharField(
        "Số ký hiệu", max_length=100, help_text="Ví dụ: 42/2022/NĐ-CP, 123/QĐ-UBND, 01-CT/TW"
    )
    number_folded = models.CharField(max_length=100, editable=False, db_index=True)
    doc_type = models.CharField("Loại văn bản", max_length=30, choices=DocumentType.choices)
    issuer = models.ForeignKey(
        Issuer, verbose_name="Cơ quan ban hành", on_delete=models.PROTECT, related_name="documents"
    )
    signer = models.CharField("Người ký", max_length=200, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True, db_index=True)
    effective_on = models.DateField("Ngày có hiệu lực", null=True, blank=True)
    expires_on = models.DateField("Ngày hết hiệu lực", null=True, blank=True)
    status_override = models.CharField(
        "Tình trạng hiệu lực",
        max_length=30,
        blank=True,
        choices=[c for c in Status.choices if c[0] != Status.UNKNOWN],
        help_text="Để trống: tự xác định theo các ngày hiệu lực và văn bản thay thế",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name="Lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    abstract = models.TextField("Trích yếu", blank=True)
    slug = models.SlugField("Đường dẫn", max_length=120, unique=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField("Cập nhật", auto_now=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="legaldocument")

    objects = LegalDocumentQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number")]),
        FieldPanel("abstract"),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
        FieldPanel("sector"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("expires_on")]
                ),
                FieldPanel("status_override"),
            ],
            heading="Hiệu lực",
        ),
        InlinePanel("files", heading="Tệp đính kèm", label="Tệp"),
        InlinePanel("relations", heading="Quan hệ với văn bản khác", label="Quan hệ"),
    ]

    class Meta:
        verbose_name = "Văn bản"
        verbose_name_plural = "Văn bản"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_folded", "issuer", "issued_on"], name="documents_unique_number_issuer_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} số {self.number}" if self.doc_type else self.number

    # --- saving -----------------------------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        self.number = canonical_number(self.number or "")
        if not self.number:
            raise ValidationError({"number": "Cần nhập số ký hiệu."})
        if self.effective_on and self.expires_on and self.expires_on < self.effective_on:
            raise ValidationError({"expires_on": "Ngày hết hiệu lực phải sau ngày có hiệu lực."})
        duplicate = LegalDocument.objects.filter(
            number_folded=fold_number(self.number), issuer_id=self.issuer_id, issued_on=self.issued_on
        ).exclude(pk=self.pk)
        if self.issuer_id and duplicate.exists():
            raise ValidationError(
                {"number": "Đã có văn bản cùng số ký hiệu, cơ quan ban hành và ngày ban hành."}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.number = canonical_number(self.number)
        self.number_folded = fold_number(self.number)
        self.abstract = nfc(self.abstract).strip()
        self.signer = " ".join(nfc(self.signer).split())
        if not self.slug:
            self.slug = self._free_slug()
        self.search_text = fold_text(
            " ".join(
                [self.get_doc_type_display(), self.number, self.number_folded, self.abstract, self.signer]
            )
        )
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        base = slugify_vi(self.number, max_length=90)
        if self.issued_on and str(self.issued_on.year) not in self.number:
            base = f"{base}-{self.issued_on.year}"
        candidate, n = base, 2
        while LegalDocument.objects.filter(slug=candidate).exclude(pk=self.pk).exists():
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # --- reading ----------------------------------------------------------------------------------
    @property
    def revisions(self) -> Any:
        return self._revisions

    @property
    def title(self) -> str:
        return str(self)

    @property
    def status(self) -> str:
        """Current status value; uses the ``with_status`` annotation when the query made one."""
        annotated = getattr(self, "current_status", None)
        if annotated:
            return annotated
        return LegalDocument.objects.with_status().values_list("current_status", flat=True).get(pk=self.pk)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def get_url(self, request: Any = None) -> str:
        index_page = DocumentIndexPage.objects.live().first()
        if index_page is None:
            return ""
        return index_page.document_url(self, request)

    @property
    def url(self) -> str:
        return self.get_url()


class DocumentFile(Orderable):
    """A file of the document (the signed PDF, annexes), stored as a Wagtail document."""

    legal_document = ParentalKey(LegalDocument, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Tệp", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField("Tên hiển thị", max_length=255, blank=True, help_text="Để trống: dùng tên tệp")

    panels = [FieldPanel("file"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "Tệp đính kèm"
        verbose_name_plural = "Tệp đính kèm"

    @property
    def display_name(self) -> str:
        return self.label or self.file.title


class DocumentRelation(Orderable):
    """``source`` replaces / amends / guides ``target``."""

    source = ParentalKey(LegalDocument, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("Quan hệ", max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocument, verbose_name="Văn bản", on_delete=models.CASCADE, related_name="incoming_relations"
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = "Quan hệ văn bản"
        verbose_name_plural = "Quan hệ văn bản"
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="documents_unique_relation"),
        ]

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": "Văn bản không thể có quan hệ với chính nó."})


class Citation(models.Model):
    """A document number cited in a published article, and the document it resolves to (if any).

    Rebuilt from the article's text on every publication; re-resolved when documents change.
    """

    article = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    number = models.CharField("Số ký hiệu", max_length=100)
    number_folded = models.CharField(max_length=100, db_index=True)
    article_date = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        LegalDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations"
    )

    class Meta:
        verbose_name = "Trích dẫn văn bản"
        verbose_name_plural = "Trích dẫn văn bản"
        constraints = [
            models.UniqueConstraint(fields=["article", "number_folded"], name="documents_unique_citation"),
        ]

    def __str__(self) -> str:
        return self.number


class DocumentIndexPage(RoutablePageMixin, BasePage):
    """Văn bản: the searchable list of documents, and each document's own page."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "Trang văn bản"
        verbose_name_plural = "Trang văn bản"

    @property
    def meta_description(self) -> str:
        return self.search_description or self.intro

    def document_url(self, document: LegalDocument, request: Any = None) -> str:
        return (self.get_url(request) or "/") + self.reverse_subpage("document", args=[document.slug])

    def get_sitemap_urls(self, request: Any = None) -> list[dict[str, Any]]:
        """The list page, then every document's page."""
        base = self.get_full_url(request) or ""
        urls = super().get_sitemap_urls(request)
        for slug, updated in LegalDocument.objects.public().order_by("pk").values_list("slug", "updated_at"):
            urls.append(
                {"location": base + self.reverse_subpage("document", args=[slug]), "lastmod": updated}
            )
        return urls

    @path("", name="index")
    def list_view(self, request: Any) -> Any:
        from .views import document_list

        return document_list(self, request)

    @path("<slug:slug>/", name="document")
    def detail_view(self, request: Any, slug: str) -> Any:
        from .views import document_detail

        return document_detail(self, request, slug)
