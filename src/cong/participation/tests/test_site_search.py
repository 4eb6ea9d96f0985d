"""Answered questions in the site-wide search /tim-kiem/: one query for them in a first search, and
an answer published after a search shows up in the next one (the "site has answered questions" fact
is kept per page-cache generation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cong.core.jsonl import ImportReport
from cong.documents.tests.conftest import SAMPLE
from cong.documents.tests.conftest import import_documents as import_documents  # the fixture
from cong.news.models import ArticlePage, CategoryPage
from cong.participation.models import QuestionField
from cong.participation.tests.test_consultation import make_consultation
from cong.participation.tests.test_privacy import make_question, publish_answer
from cong.search.tests.html import facets
from cong.search.tests.test_page_cost import NOT_QUERIES

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


# Every source with a match: the documents (1 query), the answered questions (1), the consultations (their
# ranked levels in one statement, the matches' rows), the articles (the same two). A one-word query: an
# accented query of two words or more also looks its words up in the readings (empty levels, §3).
FIRST_SEARCH_QUERIES = 6


def test_a_first_search_of_every_type_runs_few_queries(
    land_field: QuestionField, request: pytest.FixtureRequest, home: Any
) -> None:
    import_documents: Callable[..., ImportReport] = request.getfixturevalue("import_documents")
    client = Client()
    client.get(URL)
    category = home.add_child(instance=CategoryPage(title="Thời sự", slug="thoi-su"))
    category.add_child(
        instance=ArticlePage(
            title="Tiến độ bồi thường dự án vành đai",
            slug="vanh-dai",
            lede="Bồi thường cho các hộ dân.",
            body=[("text", "<p>Nội dung.</p>")],
            published_at=timezone.now(),
        )
    )
    report = import_documents([{**SAMPLE[0], "abstract": "Quy định mức bồi thường khi thu hồi đất"}])
    assert report.ok, report.errors
    question, _ = make_question(land_field, title="Hỏi về bồi thường đất nông nghiệp")
    publish_answer(question, timezone.now())
    make_consultation(land_field.site, title="Dự thảo Quy định bồi thường", summary="Bồi thường khi thu hồi.")
    client.get(URL, {"q": "khác"})  # warms this generation
    with CaptureQueriesContext(connection) as context:
        html = client.get(URL, {"q": "thường"}).content.decode()
    assert facets(html) == ["Tất cả (4)", "Tin bài (1)", "Văn bản (1)", "Hỏi đáp (1)", "Lấy ý kiến (1)"]
    queries = [q["sql"] for q in context.captured_queries if not q["sql"].upper().startswith(NOT_QUERIES)]
    assert len(queries) <= FIRST_SEARCH_QUERIES, "\n".join(sql[:200] for sql in queries)
