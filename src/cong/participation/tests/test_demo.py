"""The demo's Hỏi đáp: fields, answered questions findable without diacritics, an open queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cong.participation.demo import build_demo_participation
from cong.participation.models import Consultation, Poll, Question, QuestionField

pytestmark = pytest.mark.django_db


def test_demo_questions(site: Any) -> None:
    assert build_demo_participation(site) == 6
    assert build_demo_participation(site) == 0, "runs once"
    assert QuestionField.objects.filter(site=site).count() == 4
    published = Question.objects.published()
    assert published.count() == 4
    assert not any(q.has_personal_data for q in published)
    assert Question.objects.open().count() == 2 and Question.objects.overdue().count() == 1
    client = Client()
    archive = client.get("/hoi-dap/", {"q": "thue dat"}).content.decode()
    assert "Thủ tục <mark>thuê</mark> <mark>đất</mark>" in archive or "Thủ tục thuê đất" in archive
    assert "Cấp đổi giấy chứng nhận" not in archive
    sample = Consultation.objects.get(site=site)
    assert sample.is_sample and sample.is_open() and sample.parts.filter(kind="dieu").count() == 4
    assert "Dữ liệu mẫu" in client.get("/lay-y-kien/").content.decode()
    assert Poll.objects.get(site=site).is_open()
