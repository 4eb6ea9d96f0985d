"""The search index: one row per indexed object.

The text itself lives in database-specific structures created by migrations (see docs/search.md): on
SQLite two FTS5 tables ``search_fts_exact`` and ``search_fts_folded`` whose rowid is this row's
``rank_key``; on PostgreSQL the tokens as text (``exact_text``, ``folded_text``) on this table, with
three GIN indexes on lexemes computed from them.

``live``, ``path`` and ``depth`` copy the page's own columns (NULL for other models), so the usual
page filters (``live()``, ``public()``, ``descendant_of()``) are applied to this row alone, without a
join to the pages table (``cong.search.filters``).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    sort_date = models.DateTimeField(null=True, blank=True)
    # Newest first, as one integer: the sort date's second, then this row's id (cong.search.index.rank_key).
    rank_key = models.BigIntegerField(default=0)
    live = models.BooleanField(null=True)
    path = models.CharField(max_length=255, null=True, blank=True)
    depth = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = "Mục chỉ mục tìm kiếm"
        verbose_name_plural = "Chỉ mục tìm kiếm"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique_object")
        ]
        indexes = [
            models.Index(fields=["object_id"], name="search_entry_object"),
            models.Index(fields=["rank_key"], name="search_entry_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"


class SearchReading(models.Model):
    """How many indexed objects write a word, or two adjacent words, of their title or lede in this
    accented form: "da nang" → "đà nẵng" 120, "đa năng" 3. Maintained when indexing
    (cong.search.readings); an unaccented query is ranked by its likeliest accented reading."""

    folded = models.CharField(max_length=200)
    exact = models.CharField(max_length=200)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "Cách viết có dấu"
        verbose_name_plural = "Cách viết có dấu"
        constraints = [models.UniqueConstraint(fields=["folded", "exact"], name="search_reading_unique")]

    def __str__(self) -> str:
        return f"{self.folded} → {self.exact} ({self.count})"
