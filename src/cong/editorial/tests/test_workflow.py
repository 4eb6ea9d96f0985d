"""The "Duyệt tin bài" workflow, driven through the admin's own forms by logged-in members of each role."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from cong.news.models import ArticlePage

from .conftest import article_form

pytestmark = pytest.mark.django_db


def add_url(category: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", category.pk))


def create(client: Client, category: Page, title: str, action: str | None, **fields: str) -> ArticlePage:
    """Create an article with the editor's form; action is the button pressed (None: "Lưu nháp")."""
    data = article_form(title, **fields)
    if action:
        data[action] = "1"
    response = client.post(add_url(category), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(title=title)


def task_action(client: Client, page: Page, action: str, comment: str | None = None) -> Any:
    """Press a button of the moderation panel ("Phê duyệt", "Yêu cầu chỉnh sửa") on the current task."""
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state is not None, "the page is not in moderation"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment} if comment is not None else {})


def current_task(page: Page) -> str | None:
    page.refresh_from_db()
    state = page.current_workflow_task_state
    return state.task.name if state else None


def public_status(page: Page) -> int:
    page.refresh_from_db()
    return Client().get(page.url or f"/thoi-su/{page.slug}/").status_code


def test_reporter_cannot_publish(as_role: Any, category: Page) -> None:
    reporter = as_role("phongvien")

    # The editor offers no publish button to a reporter...
    form = reporter.get(add_url(category))
    assert form.status_code == 200
    assert 'name="action-submit"' in form.content.decode()
    assert 'name="action-publish"' not in form.content.decode()

    # ...and a forged "Xuất bản" press only saves a draft.
    article = create(reporter, category, "Tin thử xuất bản trái phép", "action-publish")
    assert not article.live
    assert public_status(article) == 404
    edit = reporter.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        {**article_form("Tin thử xuất bản trái phép"), "action-publish": "1"},
    )
    assert edit.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert not PageLogEntry.objects.filter(page=article, action="wagtail.publish").exists()

    # A colleague's live article cannot be unpublished by a reporter either.
    head = as_role("truongban")
    live = create(head, category, "Tin đã đăng", "action-publish")
    assert live.live
    refused = reporter.post(reverse("wagtailadmin_pages:unpublish", args=(live.pk,)))
    assert refused.status_code in (302, 403)
    live.refresh_from_db()
    assert live.live


def test_submission_passes_both_steps_and_goes_live(as_role: Any, category: Page) -> None:
    reporter, editor, head = as_role("phongvien"), as_role("bientap"), as_role("truongban")

    article = create(reporter, category, "Hội nghị triển khai nhiệm vụ năm 2027", "action-submit")
    assert current_task(article) == "Biên tập viên duyệt"
    assert public_status(article) == 404

    # Step 1 belongs to the editors: the head of the board cannot approve it yet.
    task_action(head, article, "approve")
    assert current_task(article) == "Biên tập viên duyệt"

    # The editor finds it on the dashboard ("Chờ bạn duyệt") and approves.
    dashboard = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hội nghị triển khai nhiệm vụ năm 2027" in dashboard
    assert task_action(editor, article, "approve").status_code == 302
    assert current_task(article) == "Trưởng Ban biên tập phê duyệt"
    assert public_status(article) == 404

    # Step 2 belongs to the head of the board, not to editors.
    task_action(editor, article, "approve")
    assert current_task(article) == "Trưởng Ban biên tập phê duyệt"
    assert task_action(head, article, "approve", comment="Đồng ý đăng").status_code == 302

    article.refresh_from_db()
    assert article.live
    assert current_task(article) is None
    assert public_status(article) == 200
    assert "Nội dung tin bài." in Client().get(article.url).content.decode()


def test_rejection_returns_the_article_with_the_comment(as_role: Any, category: Page) -> None:
    reporter, editor = as_role("phongvien"), as_role("bientap")
    article = create(reporter, category, "Tin cần sửa", "action-submit")

    comment = "Đề nghị bổ sung nguồn tin và ảnh minh họa"
    assert task_action(editor, article, "reject", comment=comment).status_code == 302
    article.refresh_from_db()
    assert article.workflow_in_progress is False
    assert article.current_workflow_state.status == "needs_changes"
    assert not article.live

    # The reporter sees the comment in the article's history and gets it by e-mail.
    history = reporter.get(reverse("wagtailadmin_pages:history", args=(article.pk,))).content.decode()
    assert comment in history
    assert any(comment in message.body for message in mail.outbox if "phongvien@" in message.to[0])

    # The reporter can edit again and resubmit; it goes back to the editors.
    resubmit = reporter.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        {**article_form("Tin cần sửa", text="Đã bổ sung nguồn tin."), "action-submit": "1"},
    )
    assert resubmit.status_code == 302
    assert current_task(article) == "Biên tập viên duyệt"


def test_future_go_live_is_published_by_publish_scheduled(as_role: Any, category: Page) -> None:
    reporter, editor, head = as_role("phongvien"), as_role("bientap"), as_role("truongban")
    go_live = timezone.localtime() + timedelta(days=2)
    article = create(
        reporter,
        category,
        "Tin hẹn giờ đăng",
        "action-submit",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    task_action(editor, article, "approve")
    task_action(head, article, "approve")

    article.refresh_from_db()
    assert not article.live
    assert article.scheduled_revision is not None
    call_command("publish_scheduled")
    assert public_status(article) == 404

    with time_machine.travel(go_live + timedelta(minutes=1)):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert public_status(article) == 200
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish.scheduled").exists()


def test_unpublishing_takes_the_article_offline(as_role: Any, category: Page) -> None:
    head = as_role("truongban")
    article = create(head, category, "Tin sẽ gỡ", "action-publish")
    assert public_status(article) == 200

    unpublish_url = reverse("wagtailadmin_pages:unpublish", args=(article.pk,))
    confirm = head.get(unpublish_url)
    assert confirm.status_code == 200
    assert head.post(unpublish_url).status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert public_status(article) == 404


def test_cong_cli_offers_publish_scheduled(tmp_path: Path) -> None:
    """The command that cron and the systemd timer run (docs/operations.md) exists under ./cong."""
    env = {**os.environ, "CONG_DATA_DIR": str(tmp_path), "CONG_SECRET_KEY": "x" * 50}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("CONG_TESTING", None)  # production settings refuse it
    result = subprocess.run(
        [sys.executable, "-m", "cong.cli", "publish_scheduled", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "--dryrun" in result.stdout
