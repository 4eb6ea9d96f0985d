"""Answered questions in the site-wide search /tim-kiem/: one query for them in a first search, and
an answer published after a search shows up in the next one (the "site has answered questions" fact
is kept per page-cache generation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cong.participation.models import QuestionField
from cong.participation.tests.test_privacy import make_question, publish_answer

pytestmark = pytest.mark.django_db
URL = "/tim-kiem/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings: Any) -> None:
    settings.PAGECACHE_ENABLED = False


def test_an_answer_published_after_a_search_shows_in_the_next(land_field: QuestionField) -> None:
    client = Client()
    client.get(URL)  # the first request creates the site's settings rows: a new generation
    question, _ = make_question(land_field)
    assert f"/hoi-dap/{question.code}/" not in client.get(URL, {"q": "thue dat"}).content.decode()
    publish_answer(question, timezone.now())
    assert f"/hoi-dap/{question.code}/" in client.get(URL, {"q": "thue dat"}).content.decode()


def test_a_first_search_reads_the_questions_once(land_field: QuestionField) -> None:
    client = Client()
    client.get(URL)
    question, _ = make_question(land_field, title="Hỏi về thuê đất ở Hải Phòng")
    other, _ = make_question(land_field, title="Thủ tục cấp phép", body="Thuê đất làm nhà xưởng.")
    for answered in (question, other):
        publish_answer(answered, timezone.now())
    client.get(URL, {"q": "khác"})  # warms this generation
    with CaptureQueriesContext(connection) as context:
        html = client.get(URL, {"q": "thue dat"}).content.decode()
    # Both match; the one with the words in its title first (the index's levels, computed in Python).
    assert html.index(f"/hoi-dap/{question.code}/") < html.index(f"/hoi-dap/{other.code}/")
    sql = [q["sql"] for q in context.captured_queries if "participation_question" in q["sql"]]
    assert len(sql) == 1, sql
