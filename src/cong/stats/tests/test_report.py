"""The admin report: Vietnamese, SVG chart drawn on the server, top articles, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cong.stats.counting import count_hit
from cong.stats.periods import local_day


@pytest.fixture
def admin_client_vi(client: Client, django_user_model: Any) -> Client:
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-dai-1")
    client.force_login(admin)
    return client


def test_report_needs_an_admin_login(client: Client, db: Any) -> None:
    response = client.get("/admin/thong-ke/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_report_shows_chart_top_articles_and_exports_csv(admin_client_vi: Client, seed_article: Any) -> None:
    now = timezone.now()
    for n in range(3):
        count_hit(now, f"203.0.113.{n}", "UA", 1, seed_article.pk)
    count_hit(now - timedelta(days=40), "203.0.113.9", "UA", 1, seed_article.pk)

    page = admin_client_vi.get("/admin/thong-ke/").content.decode()
    assert "Thống kê truy cập" in page and "Bài viết xem nhiều nhất" in page
    assert page.count('class="stats-chart"') == 2 and "<rect" in page
    assert seed_article.title in page
    assert "<strong>3</strong> lượt khách" in page  # 30 days: the hit 40 days ago is outside
    assert "<strong>4</strong> lượt khách" in admin_client_vi.get("/admin/thong-ke/?days=90").content.decode()
    assert admin_client_vi.get("/admin/thong-ke/?days=abc").status_code == 200

    response = admin_client_vi.get("/admin/thong-ke/?days=90&csv=days")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Ngày", "Lượt khách", "Lượt xem trang"] and len(rows) == 91
    assert rows[-1] == [local_day(now).isoformat(), "3", "3"]
    articles = list(
        csv.reader(
            io.StringIO(admin_client_vi.get("/admin/thong-ke/?csv=articles").content.decode("utf-8-sig"))
        )
    )
    assert articles[1][0] == seed_article.title and articles[1][2] == "3"


def test_report_is_in_the_reports_menu(admin_client_vi: Client, db: Any) -> None:
    html = admin_client_vi.get("/admin/").content.decode()  # the menu is JSON for the sidebar script
    assert '"name": "thong-ke-truy-cap"' in html and '"url": "/admin/thong-ke/"' in html


def test_flush_stats_command(db: Any) -> None:
    """The command writes pending hits into the daily aggregates, prunes old state and can run again."""
    from cong.stats.backends import SqlBackend, get_backend
    from cong.stats.models import DailyStats, Salt, VisitorMark

    now = timezone.now()
    backend = get_backend()
    sql_mode = isinstance(backend, SqlBackend)  # in Redis mode salts and marks expire in Redis itself
    old_day = local_day(now) - timedelta(days=3)
    if sql_mode:
        backend.salt(now)  # today's salt exists before the old one is added
        Salt.objects.create(day=old_day, value="old")
        VisitorMark.objects.create(day=old_day, vhash="0" * 32)
    for n, page_id in enumerate([1, 1, 2]):
        backend.record(now, f"{n:032x}", page_id)

    out = io.StringIO()
    call_command("flush_stats", stdout=out)
    assert "đã ghi" in out.getvalue()
    today = DailyStats.objects.get(day=local_day(now))
    assert (today.visitors, today.pageviews) == (3, 3)
    if sql_mode:
        assert not Salt.objects.filter(day=old_day).exists()
        assert not VisitorMark.objects.filter(day=old_day).exists()

    call_command("flush_stats", stdout=io.StringIO())  # idempotent
    today.refresh_from_db()
    assert (today.visitors, today.pageviews) == (3, 3)


@pytest.mark.parametrize(
    ("role", "allowed"), [("Trưởng Ban biên tập", True), ("Quản trị", True), ("Biên tập viên", False)]
)
def test_report_is_for_the_report_roles(
    client: Client, django_user_model: Any, role: str, allowed: bool
) -> None:
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("nguoidung", "nd@example.vn", "mat-khau-dai-1")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    response = client.get("/admin/thong-ke/")
    assert (response.status_code == 200) is allowed
    menu = client.get("/admin/").content.decode()
    assert ('"url": "/admin/thong-ke/"' in menu) is allowed
