"""E-mails to the asker when the status of their question changes (Django mail, after commit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from .models import Question

SUBJECTS = {
    "received": "Đã tiếp nhận câu hỏi {code}",
    "processing": "Câu hỏi {code} đang được xử lý",
    "answered": "Câu hỏi {code} đã được trả lời",
    "rejected": "Câu hỏi {code} không được tiếp nhận",
    "withdrawn": "Câu hỏi {code} đã được rút",
}


def site_url(question: Question) -> str:
    root = question.site.root_url if question.site_id else ""
    return root or settings.BASE_URL


def send(question: Question, status: str, status_url: str = "") -> None:
    """Mail the asker about ``status`` (nothing when they left no e-mail address)."""
    if not question.asker_email:
        return
    context = {
        "question": question,
        "status": status,
        "status_label": question.Status(status).label,
        "status_url": status_url,
        "base_url": site_url(question),
    }
    body = render_to_string("participation/email/status.txt", context)
    recipient = question.asker_email
    subject = SUBJECTS[status].format(code=question.code)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=True)
    )


def status_changed(question: Question, previous: str) -> None:
    if question.status == question.Status.RECEIVED:
        return
    send(question, question.status)
