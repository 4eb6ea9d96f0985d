"""What was imported from NukeViet: one row per source row, the import's memory and the old addresses.

A ``NukeVietRecord`` ties a NukeViet row (table + id) to the Cổng object made from it, with a digest of
the row so that a second run only touches what changed. The same rows answer the site's old addresses:
``(kind, nukeviet_id)`` and ``(kind, alias)`` are indexed, so one old URL costs one indexed query
whatever the number of articles (docs/migrate-nukeviet.md).
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    CATEGORY = "category", "Chuyên mục"
    ARTICLE = "article", "Tin bài"
    PAGE = "page", "Trang tĩnh"
    LAW = "law", "Văn bản"
    ISSUER = "issuer", "Cơ quan ban hành"
    SECTOR = "sector", "Lĩnh vực"


class NukeVietRecord(models.Model):
    kind = models.CharField("Loại", max_length=20, choices=Kind.choices)
    source_table = models.CharField("Bảng NukeViet", max_length=100)
    nukeviet_id = models.PositiveIntegerField("Mã trên NukeViet")
    module = models.CharField("Module", max_length=50, help_text="Tên module trên NukeViet, ví dụ: news")
    alias = models.CharField("Đường dẫn cũ", max_length=250, blank=True)
    digest = models.CharField(max_length=40, help_text="Dấu vân tay của dòng dữ liệu khi nhập lần cuối")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "documents.LegalDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveIntegerField(null=True, blank=True, help_text="Issuer / sector")
    tags = models.JSONField("Từ khóa (tags)", default=list, blank=True)
    imported_at = models.DateTimeField("Nhập lúc", auto_now=True)

    class Meta:
        verbose_name = "Dữ liệu nhập từ NukeViet"
        verbose_name_plural = "Dữ liệu nhập từ NukeViet"
        constraints = [
            models.UniqueConstraint(
                fields=["source_table", "nukeviet_id"], name="nukeviet_unique_source_row"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "nukeviet_id"], name="nukeviet_kind_id"),
            models.Index(fields=["kind", "alias"], name="nukeviet_kind_alias"),
        ]

    def __str__(self) -> str:
        return f"{self.source_table} #{self.nukeviet_id}"
