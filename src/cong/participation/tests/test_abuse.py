"""Forged, replayed, oversized, cross-site, over-the-limit and missing-PoW posts get 4xx and store
nothing; attachments are allow-listed by extension and content."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cong.participation.abuse import LIMITS
from cong.participation.models import Question

pytestmark = pytest.mark.django_db
URL = "/hoi-dap/gui-cau-hoi/"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def nothing_stored() -> None:
    assert Question.objects.count() == 0
    assert mail.outbox == []
    private = Path(__import__("django.conf").conf.settings.DATA_DIR) / "private" / "participation"
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


def test_missing_pow_is_refused(question_data: Callable[..., dict[str, Any]]) -> None:
    response = Client().post(URL, question_data())
    assert response.status_code == 400
    assert "Chưa xác minh chống gửi tự động" in response.content.decode()
    nothing_stored()


def test_forged_pow_is_refused(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    data = question_data(client)
    payload = json.loads(base64.b64decode(data["altcha"]))
    payload["solution"]["counter"] += 1  # a wrong answer
    forged_answer = base64.b64encode(json.dumps(payload).encode()).decode()
    payload["challenge"]["parameters"]["cost"] = 1  # parameters the server never signed
    forged_params = base64.b64encode(json.dumps(payload).encode()).decode()
    for value in (forged_answer, forged_params, "bm90IGpzb24=", "x" * 5000):
        assert client.post(URL, {**data, "altcha": value}).status_code == 400
    nothing_stored()


def test_replayed_pow_is_refused(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    data = question_data(client)
    assert client.post(URL, data).status_code == 303
    replay = client.post(URL, {**data, "title": "Câu hỏi khác"})
    assert replay.status_code == 400
    assert Question.objects.count() == 1


def test_replay_racing_past_the_cache_fails_in_the_database(
    question_data: Callable[..., dict[str, Any]], settings: Any
) -> None:
    """With the cache's replay check off, the unique PoW hash still refuses the second copy."""
    client = Client()
    data = question_data(client)
    settings.ALTCHA_REPLAY_PROTECTION = False
    assert client.post(URL, data).status_code == 303
    assert client.post(URL, data).status_code == 400
    assert Question.objects.count() == 1


def test_oversized_posts_are_refused(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    too_long = client.post(URL, question_data(client, body="x" * 5001))
    assert too_long.status_code == 400
    huge = client.post(URL, {"body": "x" * (7 * 1024 * 1024)})
    assert huge.status_code == 413
    big_file = SimpleUploadedFile("giay-to.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")
    assert client.post(URL, question_data(client, attachment=big_file)).status_code == 400
    nothing_stored()


def test_cross_site_post_is_refused(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    response = client.post(URL, question_data(client), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    nothing_stored()


def test_burst_from_one_visitor_is_limited(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    limit = LIMITS["question"][0]
    statuses = [client.post(URL, question_data()).status_code for _ in range(limit + 3)]
    assert statuses[:limit] == [400] * limit
    assert statuses[limit:] == [429] * 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(URL, question_data()).status_code == 400, "another visitor is not limited"
    nothing_stored()


def test_contact_is_required_and_checked(question_data: Callable[..., dict[str, Any]]) -> None:
    client = Client()
    no_contact = client.post(URL, question_data(client, email="", phone=""))
    assert no_contact.status_code == 400
    assert "Cần ít nhất thư điện tử hoặc số điện thoại" in no_contact.content.decode()
    assert client.post(URL, question_data(client, email="", phone="abc")).status_code == 400
    assert client.post(URL, question_data(client, consent=None)).status_code == 400
    nothing_stored()
    assert client.post(URL, question_data(client, email="", phone="0912 345 678")).status_code == 303


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.png", PDF),  # a PDF pretending to be an image
        ("tai-lieu.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # an executable named .pdf
        ("trang.html", b"<html><script>alert(1)</script></html>"),
        ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ],
)
def test_attachment_allow_list(
    question_data: Callable[..., dict[str, Any]], name: str, content: bytes
) -> None:
    client = Client()
    upload = SimpleUploadedFile(name, content)
    response = client.post(URL, question_data(client, attachment=upload))
    assert response.status_code == 400
    nothing_stored()


def test_allowed_attachment_is_kept_privately(
    question_data: Callable[..., dict[str, Any]], staff: Callable[..., Any]
) -> None:
    client = Client()
    upload = SimpleUploadedFile("Nguyen Van An - so do.png", PNG, "image/png")
    assert client.post(URL, question_data(client, attachment=upload)).status_code == 303
    question = Question.objects.get()
    assert question.attachment.name.endswith(".png") and "Nguyen" not in question.attachment.name
    assert "/media/" not in question.attachment.path
    assert Client().get(f"/admin/hoi-dap/tep/{question.pk}/").status_code == 302  # to the login
    _, head = staff("truongban", "Trưởng Ban biên tập")
    download = head.get(f"/admin/hoi-dap/tep/{question.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
