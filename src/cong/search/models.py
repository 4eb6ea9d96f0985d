"""The search index: one row per indexed object.

The text itself lives in database-specific structures created by migration 0001 (see docs/search.md):
on SQLite an FTS5 table ``search_searchentry_fts`` whose rowid is this row's id, on PostgreSQL two
``tsvector`` columns (``exact``, ``folded``) on this table with a GIN index on ``folded``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    sort_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Mục chỉ mục tìm kiếm"
        verbose_name_plural = "Chỉ mục tìm kiếm"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique_object")
        ]
        indexes = [models.Index(fields=["object_id"], name="search_entry_object")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"
