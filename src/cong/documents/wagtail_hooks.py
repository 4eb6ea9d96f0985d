"""Admin: documents, issuers and fields under one "Văn bản" menu, and the missing-citations report."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Issuer, LegalDocument, Sector
from .reports import MissingDocumentsReport


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full"
    menu_label = "Văn bản"
    list_display = ["number", "doc_type", "issuer", "issued_on", "abstract"]
    list_filter = ["live", "doc_type", "issuer", "sector"]
    list_per_page = 50
    # Plain ORM search: search_text is the accent-free form of number, type, abstract and signer.
    search_backend_name = None
    search_fields = ["number", "abstract", "search_text"]
    ordering = ["-issued_on", "-pk"]


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "group"
    list_display = ["name", "slug"]
    search_backend_name = None
    search_fields = ["name"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "slug"]
    search_backend_name = None
    search_fields = ["name"]


class DocumentsGroup(SnippetViewSetGroup):
    items = (LegalDocumentViewSet, IssuerViewSet, SectorViewSet)
    menu_icon = "doc-full"
    menu_label = "Văn bản"
    menu_name = "van-ban"
    menu_order = 250


register_snippet(DocumentsGroup)


@hooks.register("register_admin_urls")
def register_report_urls() -> list[Any]:
    return [
        path("reports/van-ban-chua-co/", MissingDocumentsReport.as_view(), name="documents_missing"),
        path(
            "reports/van-ban-chua-co/results/",
            MissingDocumentsReport.as_view(results_only=True),
            name="documents_missing_results",
        ),
    ]


class MissingDocumentsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return MissingDocumentsReport.permission_policy.user_has_any_permission(
            request.user, MissingDocumentsReport.any_permission_required
        )


@hooks.register("register_reports_menu_item")
def register_missing_documents_report() -> MenuItem:
    return MissingDocumentsMenuItem(
        MissingDocumentsReport.page_title,
        reverse("documents_missing"),
        name="documents-missing",
        icon_name="doc-full",
        order=800,
    )
