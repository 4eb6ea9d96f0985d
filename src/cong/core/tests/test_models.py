from __future__ import annotations

import unicodedata
from typing import Any

from django.db import connection

from cong.news.models import CategoryPage


def test_pages_are_saved_nfc_with_ascii_slugs(home: Any) -> None:
    title = unicodedata.normalize("NFD", "Văn hóa - Xã hội")
    category = CategoryPage(title=title, intro=unicodedata.normalize("NFD", "Tin về đời sống"))
    home.add_child(instance=category)
    category.refresh_from_db()
    assert category.title == "Văn hóa - Xã hội"
    assert unicodedata.is_normalized("NFC", category.intro)
    assert category.slug == "van-hoa-xa-hoi"


def test_unicode_slug_typed_by_an_editor_becomes_ascii(home: Any) -> None:
    category = CategoryPage(title="Đời sống", slug="đời-sống")
    home.add_child(instance=category)
    assert category.slug == "doi-song"


def test_sqlite_runs_in_wal_mode(db: Any) -> None:
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
