"""The whole journey through the real forms: ask -> tracking page -> assign -> answer -> approve ->
published -> e-mails sent, with the archive and the site-wide search finding the answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cong.participation.models import Answer, Department, Question
from cong.participation.roles import ANSWERER, HEAD

pytestmark = pytest.mark.django_db


def ask(client: Client, data: dict[str, Any]) -> tuple[Question, str]:
    response = client.post("/hoi-dap/gui-cau-hoi/", data)
    assert response.status_code == 303, response.content.decode()[:3000]
    location = response["Location"]
    token = re.match(r"^/hoi-dap/theo-doi/([^/]+)/\?moi=1$", location).group(1)
    return Question.objects.get(), token


def question_form(question: Question, **overrides: Any) -> dict[str, Any]:
    data = {
        "status": question.status,
        "deadline": question.deadline.isoformat() if question.deadline else "",
        "reject_reason": question.reject_reason,
        "department": str(question.department_id or ""),
        "assignee": str(question.assignee_id or ""),
        "is_public": "on" if question.is_public else "",
        "field": str(question.field_id),
        "title": question.title,
        "body": question.body,
        "notes": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_ask_track_assign_answer_approve_publish(
    question_data: Callable[..., dict[str, Any]],
    department: Department,
    staff: Callable[[str, str], tuple[Any, Client]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Mails are sent once the transaction commits: each step runs its commit callbacks."""
    visitor = Client()
    form_page = visitor.get("/hoi-dap/gui-cau-hoi/")
    assert form_page.status_code == 200
    assert not form_page.cookies, "the form page sets no cookie (it stays in the page cache)"
    assert b"<altcha-widget" in form_page.content
    assert "Bên kiểm soát dữ liệu" in form_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        question, token = ask(visitor, question_data(visitor))
    assert re.fullmatch(r"HD-\d{4}-00001", question.code)
    assert question.department == department
    assert question.deadline is not None
    assert question.token_hash != token and token not in question.token_hash
    assert len(mail.outbox) == 1
    assert question.code in mail.outbox[0].subject
    assert f"/hoi-dap/theo-doi/{token}/" in mail.outbox[0].body

    status_page = visitor.get(f"/hoi-dap/theo-doi/{token}/?moi=1")
    html = status_page.content.decode()
    assert status_page.status_code == 200
    assert "no-store" in status_page["Cache-Control"]
    assert question.code in html and "Đã tiếp nhận" in html
    assert "an@example.com" not in html and "Nguyễn Văn An" not in html

    # The answering officer of the department takes the question, with an internal note.
    officer, officer_client = staff("canbo", ANSWERER)
    department.members.add(officer)
    queue = officer_client.get(reverse("wagtailsnippets_participation_question:list"))
    assert queue.status_code == 200 and question.code in queue.content.decode()
    edit_url = reverse("wagtailsnippets_participation_question:edit", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            edit_url,
            question_form(
                question,
                status="processing",
                assignee=str(officer.pk),
                notes=inline_formset([{"text": "Đã liên hệ Phòng Tài nguyên."}]),
            ),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.status == "processing" and question.assignee == officer
    assert question.notes.get().author == officer
    assert len(mail.outbox) == 2 and "đang được xử lý" in mail.outbox[1].subject
    assert "Đang xử lý" in visitor.get(f"/hoi-dap/theo-doi/{token}/").content.decode()

    # The officer drafts the answer and submits it to the workflow "Duyệt câu trả lời".
    response = officer_client.post(
        reverse("wagtailsnippets_participation_answer:add"),
        {
            "question": str(question.pk),
            "body": "Ông cần nộp đơn xin thuê đất theo mẫu tại Bộ phận một cửa.",
            "signed_by": "Sở Tài nguyên và Môi trường",
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    answer = Answer.objects.get()
    assert not answer.live
    assert answer.current_workflow_task is not None
    assert visitor.get(f"/hoi-dap/{question.code}/").status_code == 404
    assert (
        'class="qa-step-done">Đã trả lời' not in visitor.get(f"/hoi-dap/theo-doi/{token}/").content.decode()
    )

    # The officer cannot publish; the Trưởng Ban biên tập approves, which publishes.
    assert not officer.has_perm("participation.publish_answer")
    _, head_client = staff("truongban", HEAD)
    dashboard = head_client.get("/admin/")
    assert "Câu trả lời chờ duyệt: <strong>1</strong>" in dashboard.content.decode()
    task_state = answer.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(
            reverse(
                "wagtailsnippets_participation_answer:workflow_action",
                args=[answer.pk, "approve", task_state.pk],
            ),
            {"comment": ""},
        )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.live
    assert question.status == "answered" and question.published_at is not None
    assert any("đã được trả lời" in m.subject for m in mail.outbox)

    public = visitor.get(f"/hoi-dap/{question.code}/")
    assert public.status_code == 200
    text = public.content.decode()
    assert "Bộ phận một cửa" in text and "Nguyễn Văn An" not in text and "an@example.com" not in text
    assert "Xem câu trả lời" in visitor.get(f"/hoi-dap/theo-doi/{token}/").content.decode()

    # The archive finds it without diacritics, and so does the site-wide search.
    archive = visitor.get("/hoi-dap/", {"q": "thue dat"}).content.decode()
    assert question.code in archive
    assert question.code in visitor.get("/hoi-dap/", {"linh_vuc": "dat-dai"}).content.decode()
    site_search = visitor.get("/tim-kiem/", {"q": "thue dat"}).content.decode()
    assert f"/hoi-dap/{question.code}/" in site_search
