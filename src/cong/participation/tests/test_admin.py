"""Admin roles: each officer sees and edits only the queue of their departments; the officer cannot
publish; "Không tiếp nhận" needs a reason and e-mails it; overdue questions are marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cong.participation.models import Department, Question, QuestionField
from cong.participation.roles import ANSWERER, HEAD

from .test_journey import question_form
from .test_privacy import make_question

pytestmark = pytest.mark.django_db


def test_queue_per_department(land_field: QuestionField, staff: Callable[..., Any]) -> None:
    other_department = Department.objects.create(site=land_field.site, name="Cục Thuế tỉnh")
    tax = QuestionField.objects.create(
        site=land_field.site, name="Thuế", slug="thue", department=other_department
    )
    land, _ = make_question(land_field, department=land_field.department, title="Hỏi về đất")
    tax_question, _ = make_question(tax, department=other_department, title="Hỏi về thuế")
    officer, client = staff("canbo", ANSWERER)
    land_field.department.members.add(officer)
    listing = client.get(reverse("wagtailsnippets_participation_question:list")).content.decode()
    assert land.code in listing and tax_question.code not in listing
    assert (
        client.get(reverse("wagtailsnippets_participation_question:edit", args=[land.pk])).status_code == 200
    )
    foreign = client.get(reverse("wagtailsnippets_participation_question:edit", args=[tax_question.pk]))
    assert foreign.status_code in (302, 403, 404)
    assert client.get(f"/admin/hoi-dap/tep/{tax_question.pk}/").status_code == 404
    _, head = staff("truongban", HEAD)
    all_listing = head.get(reverse("wagtailsnippets_participation_question:list")).content.decode()
    assert land.code in all_listing and tax_question.code in all_listing
    site_filter = head.get(
        reverse("wagtailsnippets_participation_question:list"), {"site": str(land_field.site_id)}
    )
    assert site_filter.status_code == 200


def test_reject_needs_a_reason_and_is_mailed(
    land_field: QuestionField, staff: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    question, token = make_question(land_field, department=land_field.department)
    _, head = staff("truongban", HEAD)
    url = reverse("wagtailsnippets_participation_question:edit", args=[question.pk])
    assert head.post(url, question_form(question, status="rejected")).status_code == 200  # form error
    assert head.post(url, question_form(question, status="answered")).status_code == 200  # only by publishing
    question.refresh_from_db()
    assert question.status == "received"
    with django_capture_on_commit_callbacks(execute=True):
        response = head.post(
            url, question_form(question, status="rejected", reject_reason="Không thuộc thẩm quyền.")
        )
    assert response.status_code == 302
    assert "không được tiếp nhận" in mail.outbox[-1].subject
    assert "Không thuộc thẩm quyền." in mail.outbox[-1].body
    status_page = head.get(f"/hoi-dap/theo-doi/{token}/").content.decode()
    assert "Không tiếp nhận" in status_page and "Không thuộc thẩm quyền." in status_page


def test_overdue_marked_and_counted(land_field: QuestionField, staff: Callable[..., Any]) -> None:
    late, _ = make_question(land_field, department=land_field.department)
    late.deadline = timezone.localdate() - timedelta(days=2)
    late.save()
    assert late.is_overdue and list(Question.objects.overdue()) == [late]
    _, head = staff("truongban", HEAD)
    listing = head.get(reverse("wagtailsnippets_participation_question:list")).content.decode()
    assert "Quá hạn" in listing
    dashboard = head.get("/admin/").content.decode()
    assert (
        "Câu hỏi mới: <strong>1</strong>" in dashboard and "Quá hạn trả lời: <strong>1</strong>" in dashboard
    )
    # Drawn by Wagtail's own panel component, like the editorial panels beside it (same heading line).
    assert 'id="participation-panel-section"' in dashboard and "w-panel--dashboard" in dashboard
    # The dashboard's count links to the list filtered to the overdue questions only.
    on_time, _ = make_question(land_field, department=land_field.department, title="Còn hạn")
    assert 'href="/admin/snippets/participation/question/?qua_han=1"' in dashboard
    overdue_only = head.get(reverse("wagtailsnippets_participation_question:list"), {"qua_han": "1"})
    assert overdue_only.status_code == 200
    assert late.code in overdue_only.content.decode() and on_time.code not in overdue_only.content.decode()


def test_administrator_manages_departments_and_notice(
    land_field: QuestionField, staff: Callable[..., Any]
) -> None:
    _, admin = staff("quantri", "Quản trị")
    assert admin.get(reverse("wagtailsnippets_participation_department:list")).status_code == 200
    response = admin.post(
        reverse("wagtailsnippets_participation_department:add"),
        {"site": str(land_field.site_id), "name": "Sở Tư pháp", "email": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Department.objects.filter(name="Sở Tư pháp").exists()


def test_dashboard_counts_comments_awaiting_moderation(site: Any, staff: Callable[..., Any]) -> None:
    """The moderators of the drafts (Biên tập viên) see how many comments wait for them."""
    from cong.participation.models import Comment

    from .test_consultation import make_consultation

    item = make_consultation(site)
    for n in range(3):
        Comment.objects.create(consultation=item, text=f"Góp ý {n}", pow_hash=f"p{n}")
    Comment.objects.filter(pow_hash="p2").update(status=Comment.Status.PUBLISHED)
    _, editor = staff("bientap", "Biên tập viên")
    dashboard = editor.get("/admin/").content.decode()
    assert "Góp ý dự thảo chờ duyệt: <strong>2</strong>" in dashboard
    assert "Câu hỏi mới" not in dashboard, "no question counts for who does not handle questions"
    _, head = staff("truongban", HEAD)
    head_dashboard = head.get("/admin/").content.decode()
    assert "Câu hỏi mới: <strong>0</strong>" in head_dashboard
    assert "Góp ý dự thảo chờ duyệt: <strong>2</strong>" in head_dashboard
    listing = editor.get(reverse("wagtailsnippets_participation_comment:list"), {"status": "pending"})
    assert listing.status_code == 200


def test_department_members_are_answering_officers(
    land_field: QuestionField, staff: Callable[..., Any], django_user_model: Any
) -> None:
    """A department's members ("Cán bộ trả lời") are chosen among the accounts with that role."""
    officer, _ = staff("canbo", ANSWERER)
    reporter = django_user_model.objects.create_user(username="phongvien", password="x" * 20)
    _, admin = staff("quantri", "Quản trị")
    url = reverse("wagtailsnippets_participation_department:edit", args=[land_field.department.pk])
    page = admin.get(url).content.decode()
    assert "canbo" in page and "phongvien" not in page
    data = {"site": str(land_field.site_id), "name": land_field.department.name, "email": ""}
    assert admin.post(url, {**data, "members": [str(reporter.pk)]}).status_code == 200
    assert admin.post(url, {**data, "members": [str(officer.pk)]}).status_code == 302
    assert list(land_field.department.members.all()) == [officer]


def test_questions_are_assigned_to_answering_staff(
    land_field: QuestionField, staff: Callable[..., Any], django_user_model: Any
) -> None:
    question, _ = make_question(land_field, department=land_field.department)
    officer, _ = staff("canbo", ANSWERER)
    django_user_model.objects.create_user(username="phongvien", password="x" * 20)
    _, head = staff("truongban", HEAD)
    url = reverse("wagtailsnippets_participation_question:edit", args=[question.pk])
    page = head.get(url).content.decode()
    assert f'<option value="{officer.pk}">canbo' in page and "phongvien" not in page
