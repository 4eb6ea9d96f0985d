"""Admin report: document numbers cited in published articles that are not in the database."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Citation


class MissingDocumentsReport(ReportView):
    """Each row: a cited number with no matching document, and the live article that cites it."""

    page_title = "Văn bản được trích dẫn nhưng chưa có trong CSDL"
    header_icon = "doc-full"
    index_url_name = "documents_missing"
    index_results_url_name = "documents_missing_results"
    # A report on citations: whoever may view citations (the report roles, and the Biên tập viên who
    # add the missing documents) may open it.
    permission_policy = ModelPermissionPolicy(Citation)
    any_permission_required = ["view"]
    is_searchable = True
    search_fields = ["number", "number_folded"]
    default_ordering = "number_folded"
    columns = [
        Column("number", label="Số ký hiệu được trích dẫn", sort_key="number_folded"),
        TitleColumn(
            "article_title",
            label="Tin bài",
            accessor="article.title",
            get_url=lambda citation: reverse("wagtailadmin_pages:edit", args=[citation.article_id]),
        ),
        DateColumn("article_date", label="Ngày đăng", sort_key="article_date"),
    ]
    list_export = ["number", "article.title", "article_date"]
    export_headings = {"number": "Số ký hiệu", "article.title": "Tin bài", "article_date": "Ngày đăng"}

    def get_base_queryset(self) -> QuerySet[Citation]:
        live = Page.objects.live().values("pk")
        citations = Citation.objects.filter(document__isnull=True, article_id__in=live)
        return citations.select_related("article").order_by("number_folded", "pk")

    def get_queryset(self) -> Any:
        return self.get_base_queryset()
