"""CSV exports never hand a spreadsheet a formula: a cell starting with = + - @ tab or CR gets a quote."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cong.core.csvsafe import safe_cell, safe_row

FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil","x")']


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_get_a_leading_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Tin bài", "", "a=b", "01/2022/NĐ-CP", 42, -3, 1.5, None])
def test_other_cells_are_unchanged(value: Any) -> None:
    assert safe_cell(value) == value


def test_safe_row() -> None:
    assert safe_row(["=x", 1, "y"]) == ["'=x", 1, "y"]


def rows(response: Any) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def head_client(db: Any, django_user_model: Any) -> Client:
    user = django_user_model.objects.create_user("truongban", password="x" * 12)
    user.groups.add(Group.objects.get(name="Trưởng Ban biên tập"))
    client = Client()
    client.force_login(user)
    return client


def test_site_history_export_neutralises_a_formula_title(home: Any, head_client: Client) -> None:
    """A Phóng viên can title a page "=HYPERLINK(...)"; the export an inspector opens must show it as text."""
    from cong.news.models import CategoryPage

    page = home.add_child(instance=CategoryPage(title='=HYPERLINK("http://evil.example","Bấm")', slug="x"))
    page.save_revision(log_action=True).publish()
    today = timezone.localdate().isoformat()
    response = head_client.get(
        reverse("wagtailadmin_reports:site_history"),
        {"export": "csv", "timestamp_from": today, "timestamp_to": today},
    )
    assert response.status_code == 200
    cells = [cell for row in rows(response)[1:] for cell in row]
    assert cells, "the export has rows"
    assert not any(cell[:1] in {"=", "+", "-", "@", "\t", "\r"} for cell in cells), cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)


def test_missing_documents_report_export_is_neutralised(home: Any, admin_client: Client) -> None:
    from cong.documents.models import Citation
    from cong.news.models import ArticlePage, CategoryPage

    category = home.add_child(instance=CategoryPage(title="Tin", slug="tin"))
    category.save_revision().publish()
    article = category.add_child(instance=ArticlePage(title="=cmd|' /C calc'!A0", slug="a"))
    article.save_revision().publish()
    Citation.objects.filter(article=article).delete()
    Citation.objects.create(article=article, number="01/2022/NĐ-CP", number_folded="01/2022/nd-cp")
    response = admin_client.get(reverse("documents_missing"), {"export": "csv"})
    assert response.status_code == 200
    assert ["01/2022/NĐ-CP", "'=cmd|' /C calc'!A0"] == rows(response)[1][:2]


def test_stats_article_export_is_neutralised(
    head_client: Client, django_user_model: Any, seed_article: Any
) -> None:
    from cong.stats.counting import count_hit

    seed_article.title = "@SUM(1+1)*cmd|' /C calc'!A0"
    seed_article.save_revision().publish()
    count_hit(timezone.now(), "203.0.113.1", "UA", 1, seed_article.pk)
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-dai-1")
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/thong-ke/?csv=articles")
    assert rows(response)[1][0] == "'@SUM(1+1)*cmd|' /C calc'!A0"
