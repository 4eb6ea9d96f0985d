"""Withdrawal with the secret link, removal of personal data after the retention period (the published
answer stays), the status page's privacy, and pages that stay in the page cache."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cong.participation.models import Answer, Question, QuestionField
from cong.participation.retention import months_before

pytestmark = pytest.mark.django_db


def make_question(land_field: QuestionField, **fields: Any) -> tuple[Question, str]:
    defaults = {
        "site": land_field.site,
        "field": land_field,
        "title": "Hỏi về thuê đất",
        "body": "Nội dung câu hỏi về thuê đất.",
        "asker_name": "Trần Thị Bình",
        "asker_email": "binh@example.com",
        "asker_phone": "0912345678",
        "consent_notice": "Thông báo",
    }
    return Question.create_with_code(**{**defaults, **fields})


def publish_answer(question: Question, when: Any) -> None:
    answer = Answer.objects.create(question=question, body="Trả lời về thuê đất.", live=False)
    answer.save_revision().publish()
    question.refresh_from_db()
    question.published_at = when
    question.save()


def test_withdraw_with_the_secret_link(land_field: QuestionField) -> None:
    question, token = make_question(land_field)
    question.attachment.save("x.png", ContentFile(b"\x89PNG data"), save=True)
    path = question.attachment.path
    client = Client()
    assert client.post("/hoi-dap/theo-doi/sai-ma/rut/").status_code == 404
    response = client.post(f"/hoi-dap/theo-doi/{token}/rut/")
    assert response.status_code == 303
    question.refresh_from_db()
    assert question.status == Question.Status.WITHDRAWN
    assert not question.has_personal_data and question.personal_data_removed_at is not None
    assert not __import__("os").path.exists(path)
    assert "Bạn đã rút câu hỏi này" in client.get(f"/hoi-dap/theo-doi/{token}/").content.decode()
    assert client.post(f"/hoi-dap/theo-doi/{token}/rut/").status_code == 409


def test_status_page_is_private(land_field: QuestionField) -> None:
    _, token = make_question(land_field)
    response = Client().get(f"/hoi-dap/theo-doi/{token}/")
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "binh@example.com" not in response.content.decode()
    assert Client().get("/hoi-dap/theo-doi/" + "x" * 80 + "/").status_code == 404


def test_expiry_removes_personal_data_and_keeps_the_published_answer(
    land_field: QuestionField, settings: Any
) -> None:
    settings.QA_RETENTION_MONTHS = 12
    now = timezone.now()
    old, _ = make_question(land_field, title="Câu hỏi cũ về thuê đất")
    publish_answer(old, now - timedelta(days=400))
    recent, _ = make_question(land_field, title="Câu hỏi mới về thuê đất")
    publish_answer(recent, now - timedelta(days=30))
    pending, _ = make_question(land_field, title="Câu hỏi đang chờ")

    call_command("expire_personal_data", stdout=__import__("io").StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    pending.refresh_from_db()
    assert not old.has_personal_data and old.personal_data_removed_at is not None
    assert recent.asker_email == "binh@example.com" and pending.asker_email == "binh@example.com"
    page = Client().get(f"/hoi-dap/{old.code}/")
    assert page.status_code == 200
    assert (
        "Trả lời về thuê đất." in page.content.decode() and "Câu hỏi cũ về thuê đất" in page.content.decode()
    )
    assert old in Question.objects.published()
    call_command("expire_personal_data", stdout=__import__("io").StringIO())  # idempotent


def test_months_before_clamps_to_month_end() -> None:
    now = timezone.make_aware(timezone.datetime(2026, 3, 31, 10, 0))
    assert months_before(now, 1).date().isoformat() == "2026-02-28"
    assert months_before(now, 12).date().isoformat() == "2025-03-31"
    assert months_before(now, 15).date().isoformat() == "2024-12-31"


def test_public_pages_set_no_cookie_and_are_cached(land_field: QuestionField) -> None:
    client = Client()
    client.get("/hoi-dap/")  # the first page view creates the portal settings (a new cache generation)
    for url in ("/hoi-dap/", "/hoi-dap/gui-cau-hoi/", "/hoi-dap/?q=thue+dat"):
        first = client.get(url)
        assert first.status_code == 200 and not first.cookies, url
        assert client.get(url).get("X-Page-Cache") == "hit", url


def test_answered_question_publication_refreshes_the_archive(land_field: QuestionField) -> None:
    client = Client()
    assert "Chưa có câu hỏi" in client.get("/hoi-dap/").content.decode()
    question, _ = make_question(land_field)
    assert "Chưa có câu hỏi" in client.get("/hoi-dap/").content.decode(), (
        "a new question changes nothing public"
    )
    publish_answer(question, timezone.now())
    assert question.code in client.get("/hoi-dap/").content.decode()


def test_ask_page_links_and_notice_from_settings(land_field: QuestionField, settings: Any) -> None:
    from cong.participation.models import ParticipationSettings

    notice = ParticipationSettings.for_site(land_field.site)
    notice.privacy_notice = "Thông báo riêng của Sở."
    notice.controller = "Văn phòng UBND tỉnh"
    notice.save()
    settings.QA_RETENTION_MONTHS = 6
    html = Client().get("/hoi-dap/gui-cau-hoi/").content.decode()
    assert "Thông báo riêng của Sở." in html and "Văn phòng UBND tỉnh" in html and "6 tháng" in html


def test_question_codes_count_per_site_and_year(land_field: QuestionField) -> None:
    codes = [make_question(land_field)[0].code for _ in range(3)]
    year = timezone.localdate().year
    assert codes == [f"HD-{year}-00001", f"HD-{year}-00002", f"HD-{year}-00003"]


def test_text_is_nfc_normalised(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    decomposed = "Thue\u0302 đa\u0302\u0301t"  # "Thuê đất" typed with combining marks
    assert client.post("/hoi-dap/gui-cau-hoi/", question_data(client, title=decomposed)).status_code == 303
    assert Question.objects.get().title == "Thuê đất"
