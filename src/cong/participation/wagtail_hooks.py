"""Admin of Hỏi đáp: the question queue (per department, with filters and overdue deadlines), answers
(Wagtail workflow "Duyệt câu trả lời"), departments and fields, the attachment download and the
dashboard panel."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.models import WorkflowState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import exports
from .forms import AnswerAdminForm, DepartmentAdminForm, QuestionAdminForm
from .models import (
    Answer,
    Comment,
    Consultation,
    Department,
    DraftPart,
    Poll,
    PortalRating,
    Question,
    QuestionField,
)
from .queues import visible_questions
from .reports import PollResultsView, RatingReportView


class DeadlineColumn(Column):
    """The deadline, marked "Quá hạn" while an open question is past it."""

    def get_value(self, instance: Question) -> Any:
        if instance.deadline is None:
            return ""
        text = instance.deadline.strftime("%d/%m/%Y")
        if instance.is_overdue:
            return format_html('<strong class="w-text-critical-200">{} — Quá hạn</strong>', text)
        return text


class QuestionFilterSet(WagtailFilterSet):
    """The list's filters, with "Quá hạn" (open questions past their deadline), where the dashboard's
    count links to."""

    qua_han = django_filters.ChoiceFilter(
        label="Hạn trả lời",
        choices=[("1", "Chỉ câu hỏi quá hạn")],
        empty_label="Tất cả",
        method="filter_overdue",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Question
        fields = ["site", "status", "department", "field", "assignee", "deadline"]

    def filter_overdue(self, queryset: QuerySet[Question], name: str, value: str) -> QuerySet[Question]:
        return queryset.filter(pk__in=Question.objects.overdue().values("pk")) if value == "1" else queryset


class QueueEditView(SnippetEditView):
    """Editing a question or an answer: only when its question is in the user's queue (their
    departments or assigned to them; everything for the Trưởng Ban biên tập)."""

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        question_id = obj.pk if isinstance(obj, Question) else obj.question_id
        if not visible_questions(self.request.user).filter(pk=question_id).exists():
            raise Http404
        return obj


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "Câu hỏi"
    list_display = [
        "code",
        "title",
        "field",
        "department",
        "assignee",
        "status",
        DeadlineColumn("deadline", label="Hạn trả lời", sort_key="deadline"),
        "created_at",
    ]
    filterset_class = QuestionFilterSet
    list_export = ["code", "title", "field", "department", "status", "deadline", "created_at", "published_at"]
    export_filename = "cau-hoi"
    list_per_page = 50
    search_backend_name = None
    search_fields = ["code", "title", "body"]
    ordering = ["-created_at"]
    add_to_admin_menu = False

    edit_view_class = QueueEditView

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return visible_questions(request.user).select_related("field", "department", "assignee")

    def get_edit_handler(self) -> Any:
        from wagtail.admin.panels import HelpPanel, ObjectList

        panels = [HelpPanel(template="participation/admin/asker_panel.html", heading="Người hỏi")]
        return ObjectList(panels + list(Question.panels), base_form_class=QuestionAdminForm).bind_to_model(
            Question
        )


class AnswerViewSet(SnippetViewSet):
    model = Answer
    icon = "mail"
    menu_label = "Câu trả lời"
    list_display = ["__str__", "signed_by", "live"]
    list_filter = ["question__site", "live"]
    search_backend_name = None
    search_fields = ["body"]

    edit_view_class = QueueEditView

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        return Answer.objects.filter(question__in=visible_questions(request.user)).select_related("question")

    def get_edit_handler(self) -> Any:
        from wagtail.admin.panels import ObjectList

        return ObjectList(list(Answer.panels), base_form_class=AnswerAdminForm).bind_to_model(Answer)


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = "Phòng ban / đơn vị"
    list_display = ["name", "site", "email"]
    list_filter = ["site"]
    search_backend_name = None
    search_fields = ["name"]

    def get_edit_handler(self) -> Any:
        from wagtail.admin.panels import ObjectList

        return ObjectList(list(Department.panels), base_form_class=DepartmentAdminForm).bind_to_model(
            Department
        )


class QuestionFieldViewSet(SnippetViewSet):
    model = QuestionField
    icon = "tag"
    menu_label = "Lĩnh vực"
    list_display = ["name", "department", "site", "sort_order"]
    list_filter = ["site"]
    search_backend_name = None
    search_fields = ["name"]


class PollResultsColumn(Column):
    def get_value(self, instance: Poll) -> Any:
        return format_html(
            '<a href="{}">Xem kết quả</a>', reverse("participation_poll_results", args=[instance.pk])
        )


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = "Thăm dò ý kiến"
    list_display = [
        "question",
        "site",
        "opens_at",
        "closes_at",
        "results",
        PollResultsColumn("ket_qua", label="Kết quả"),
    ]
    list_filter = ["site", "results"]
    search_backend_name = None
    search_fields = ["question"]


class PortalRatingViewSet(SnippetViewSet):
    model = PortalRating
    icon = "pick"
    menu_label = "Đánh giá cổng"
    list_display = ["__str__", "site", "interface", "content", "quality", "support", "comment"]
    list_filter = ["site", "created_at"]
    list_export = ["created_at", "site", "interface", "content", "quality", "support", "comment"]
    export_filename = "danh-gia-cong"
    search_backend_name = None
    search_fields = ["comment"]
    inspect_view_enabled = True


class ConsultationExportColumn(Column):
    def get_value(self, instance: Consultation) -> Any:
        return format_html(
            '<a href="{}">XLSX</a> · <a href="{}">Bảng tổng hợp (DOCX)</a>',
            reverse("participation_consultation_export", args=[instance.pk, "xlsx"]),
            reverse("participation_consultation_export", args=[instance.pk, "docx"]),
        )


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "doc-full"
    menu_label = "Lấy ý kiến dự thảo"
    list_display = [
        "title",
        "drafting_agency",
        "site",
        "opens_at",
        "closes_at",
        ConsultationExportColumn("xuat", label="Xuất"),
    ]
    list_filter = ["site"]
    search_backend_name = None
    search_fields = ["title"]


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Góp ý dự thảo"
    list_display = ["__str__", "consultation", "author", "status", "response_kind", "created_at"]
    list_filter = ["consultation__site", "consultation", "status", "response_kind"]
    list_export = [
        "consultation",
        "part",
        "author",
        "text",
        "status",
        "response_kind",
        "response",
        "created_at",
    ]
    export_filename = "gop-y-du-thao"
    search_backend_name = None
    search_fields = ["text", "author"]
    ordering = ["-created_at"]


class DraftPartViewSet(SnippetViewSet):
    model = DraftPart
    icon = "list-ol"
    menu_label = "Tiếp thu theo phần"
    list_display = ["__str__", "consultation", "response_kind"]
    list_filter = ["consultation__site", "consultation"]
    search_backend_name = None
    search_fields = ["label", "heading"]


class QuestionsGroup(SnippetViewSetGroup):
    items = (
        QuestionViewSet,
        AnswerViewSet,
        DepartmentViewSet,
        QuestionFieldViewSet,
        PollViewSet,
        PortalRatingViewSet,
        ConsultationViewSet,
        CommentViewSet,
        DraftPartViewSet,
    )
    menu_icon = "help"
    menu_label = "Hỏi đáp – Góp ý"
    menu_name = "hoi-dap"
    menu_order = 260


register_snippet(QuestionsGroup)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments live outside MEDIA_ROOT; only staff who may see the question can download them."""
    if not request.user.has_perm("participation.view_question"):
        raise PermissionDenied
    question = get_object_or_404(visible_questions(request.user), pk=pk)
    if not question.attachment:
        raise Http404
    response = FileResponse(question.attachment.open("rb"), as_attachment=True)
    response["Cache-Control"] = "no-store, private"
    return response


@hooks.register("register_admin_urls")
def register_participation_urls() -> list[Any]:
    return [
        path("hoi-dap/tep/<int:pk>/", attachment_download, name="participation_attachment"),
        path("danh-gia-cong/", RatingReportView.as_view(), name="participation_rating_report"),
        path("tham-do/<int:pk>/ket-qua/", PollResultsView.as_view(), name="participation_poll_results"),
        path(
            "lay-y-kien/<int:pk>/xuat.<str:kind>",
            consultation_export,
            name="participation_consultation_export",
        ),
    ]


EXPORT_TYPES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.xlsx),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", exports.docx),
}


def consultation_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if not request.user.has_perm("participation.view_comment"):
        raise PermissionDenied
    if kind not in EXPORT_TYPES:
        raise Http404
    consultation = get_object_or_404(Consultation, pk=pk)
    content_type, build = EXPORT_TYPES[kind]
    response = HttpResponse(build(consultation), content_type=content_type)
    name = "tong-hop-y-kien" if kind == "docx" else "y-kien"
    response["Content-Disposition"] = f'attachment; filename="{name}-{consultation.slug}.{kind}"'
    response["Cache-Control"] = "no-store, private"
    return response


class RatingReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("participation.view_portalrating")


@hooks.register("register_reports_menu_item")
def register_rating_report() -> MenuItem:
    return RatingReportMenuItem(
        "Đánh giá cổng theo tháng", reverse("participation_rating_report"), icon_name="pick", order=910
    )


class QuestionsPanel(Component):
    """Dashboard: new, overdue and awaiting-approval counts of the questions the user works on, and the
    comments on drafts waiting for moderation (for who moderates them)."""

    name = "participation_questions"
    order = 120
    template_name = "participation/admin/dashboard_panel.html"

    def __init__(self, user: AbstractBaseUser) -> None:
        self.user = user

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        counts: list[tuple[str, int, str]] = []
        if self.user.has_perm("participation.view_question"):
            counts += self._question_counts()
        if self.user.has_perm("participation.change_comment"):
            counts.append(
                (
                    "Góp ý dự thảo chờ duyệt",
                    Comment.objects.filter(status=Comment.Status.PENDING).count(),
                    reverse("wagtailsnippets_participation_comment:list") + "?status=pending",
                )
            )
        return {"counts": counts}

    def _question_counts(self) -> list[tuple[str, int, str]]:
        questions = visible_questions(self.user)
        index = reverse("wagtailsnippets_participation_question:list")
        awaiting = WorkflowState.objects.active().filter(
            base_content_type__app_label="participation",
            base_content_type__model="answer",
            object_id__in=[
                str(pk) for pk in Answer.objects.filter(question__in=questions).values_list("pk", flat=True)
            ],
        )
        return [
            (
                "Câu hỏi mới",
                questions.filter(status=Question.Status.RECEIVED).count(),
                f"{index}?status=received",
            ),
            ("Quá hạn trả lời", questions.overdue().count(), f"{index}?qua_han=1"),
            (
                "Câu trả lời chờ duyệt",
                awaiting.count(),
                reverse("wagtailsnippets_participation_answer:list"),
            ),
        ]


@hooks.register("construct_homepage_panels")
def add_questions_panel(request: HttpRequest, panels: list[Any]) -> None:
    user = request.user
    if user.has_perm("participation.view_question") or user.has_perm("participation.change_comment"):
        panels.append(QuestionsPanel(user))
