"""Accountability: who did what and when, in the admin history and in a CSV export for inspections."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.log_actions import registry as log_actions
from wagtail.models import Page, PageLogEntry

from .conftest import article_form
from .test_workflow import create, task_action

pytestmark = pytest.mark.django_db

# What an inspection asks about, and who does it in the scenario below.
EXPECTED = [
    ("wagtail.workflow.start", "phongvien"),  # submitted
    ("wagtail.workflow.reject", "bientap"),  # changes requested
    ("wagtail.workflow.resume", "phongvien"),  # resubmitted
    ("wagtail.workflow.approve", "bientap"),  # step 1 approved
    ("wagtail.workflow.approve", "truongban"),  # step 2 approved
    ("wagtail.publish", "truongban"),  # published by the final approval
    ("wagtail.unpublish", "truongban"),  # taken offline
]


@pytest.fixture
def history(as_role: Any, category: Page) -> Any:
    """One article through submit, reject, resubmit, two approvals and unpublish."""
    reporter, editor, head = as_role("phongvien"), as_role("bientap"), as_role("truongban")
    article = create(reporter, category, "Tin kiểm tra nhật ký", "action-submit")
    task_action(editor, article, "reject", comment="Thiếu nguồn tin")
    reporter.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        {**article_form("Tin kiểm tra nhật ký"), "action-submit": "1"},
    )
    task_action(editor, article, "approve")
    task_action(head, article, "approve")
    head.post(reverse("wagtailadmin_pages:unpublish", args=(article.pk,)))
    return article, head


def label(action: str, language: str = "vi") -> str:
    with translation.override(language):
        return str(log_actions.get_action_label(action))


def vi_label(action: str) -> str:
    return label(action, "vi")


def test_every_step_is_logged_with_who_and_when(history: Any) -> None:
    article, _ = history
    entries = list(PageLogEntry.objects.filter(page=article).order_by("timestamp", "pk"))
    logged = [(e.action, e.user.username if e.user else None) for e in entries]
    for expected in EXPECTED:
        assert expected in logged, f"{expected} missing from {logged}"
    assert all(timezone.now() - e.timestamp < timedelta(minutes=5) for e in entries)
    reject = next(e for e in entries if e.action == "wagtail.workflow.reject")
    assert reject.data["comment"] == "Thiếu nguồn tin"


def test_admin_history_shows_the_steps_in_vietnamese(history: Any) -> None:
    article, head = history
    response = head.get(reverse("wagtailadmin_pages:history", args=(article.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    for action, username in EXPECTED:
        assert vi_label(action) != label(action, "en")
        assert vi_label(action) in html, vi_label(action)
        assert username in html
    assert "Thiếu nguồn tin" in html


def test_site_history_exports_a_date_range_as_csv(history: Any) -> None:
    article, head = history
    # An older entry, outside the inspected range.
    old = PageLogEntry.objects.filter(page=article, action="wagtail.workflow.start").first()
    PageLogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=400))

    today = timezone.localdate()
    url = reverse("wagtailadmin_reports:site_history")
    params = {
        "export": "csv",
        "timestamp_from": (today - timedelta(days=30)).isoformat(),
        "timestamp_to": today.isoformat(),
    }
    response = head.get(url, params)
    assert response["Content-Type"].startswith("text/csv")
    rows = export_rows(response)
    header, body = rows[0], rows[1:]

    with translation.override("vi"):
        expected_header = [gettext(h) for h in ("ID", "Name", "Type", "Action type", "User", "Date/Time")]
    assert header == expected_header
    assert header[1:] != ["Name", "Type", "Action type", "User", "Date/Time"]

    ours = [row for row in body if row[1] == "Tin kiểm tra nhật ký"]
    actions = {(row[3], row[4]) for row in ours}
    for action, username in EXPECTED[1:]:
        assert any(label == vi_label(action) and username in user for label, user in actions), action
    # The submission moved out of the range is not exported...
    assert not any(row[3] == vi_label("wagtail.workflow.start") for row in ours)
    # ...a range that ended yesterday exports none of today's rows, and one around the old entry only it.
    yesterday = head.get(url, {**params, "timestamp_to": (today - timedelta(days=1)).isoformat()})
    assert [row[1] for row in export_rows(yesterday)[1:]].count("Tin kiểm tra nhật ký") == 0
    long_ago = head.get(
        url,
        {
            "export": "csv",
            "timestamp_from": (today - timedelta(days=401)).isoformat(),
            "timestamp_to": (today - timedelta(days=399)).isoformat(),
        },
    )
    assert [(row[1], row[3]) for row in export_rows(long_ago)[1:]] == [
        ("Tin kiểm tra nhật ký", vi_label("wagtail.workflow.start"))
    ]


def export_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
