"""Component sites (cổng thành phần): the registry ``new_site`` keeps, and shares upward."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from cong.core.text import nfc


class ComponentSite(models.Model):
    """One component portal created by ``./cong new_site``: its home, its board's groups, its folder.

    Host mode: its own Wagtail Site (``host``). Path-prefix mode: its home is a child of the city's
    home page, served by the city's Site under ``/<path_prefix>/`` (docs/sites.md).
    """

    name = models.CharField("Tên", max_length=200, unique=True)
    slug = models.SlugField("Mã", max_length=100, unique=True)
    host = models.CharField("Tên miền", max_length=255, blank=True)
    path_prefix = models.SlugField("Đường dẫn", max_length=100, blank=True)
    parent_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="Đơn vị chủ quản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Đơn vị trong cơ cấu tổ chức của cổng thành phố",
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="Website", on_delete=models.CASCADE, related_name="+"
    )
    root_page = models.OneToOneField(
        "wagtailcore.Page", verbose_name="Trang chủ", on_delete=models.PROTECT, related_name="+"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name="Thư mục ảnh và tài liệu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "Cổng thành phần"
        verbose_name_plural = "Cổng thành phần"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ShareStatus(models.TextChoices):
    PROPOSED = "proposed", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    REJECTED = "rejected", "Không duyệt"


class ArticleShare(models.Model):
    """An article of a component site proposed to the city portal: a reference, never a copy."""

    article = models.OneToOneField(
        "news.ArticlePage", verbose_name="Tin bài", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=ShareStatus.choices, default=ShareStatus.PROPOSED
    )
    note = models.CharField("Ghi chú", max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người đề xuất",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField("Đề xuất lúc", auto_now_add=True)
    decided_at = models.DateTimeField("Duyệt lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Tin chia sẻ lên cổng thành phố"
        verbose_name_plural = "Tin chia sẻ lên cổng thành phố"
        ordering = ["-proposed_at"]
        indexes = [models.Index(fields=["status", "-decided_at"])]

    def __str__(self) -> str:
        return self.article.title if self.article_id else "—"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from django.utils import timezone

        self.note = nfc(self.note)
        if self.status == ShareStatus.PROPOSED:
            self.decided_at = None
        elif self.decided_at is None:
            self.decided_at = timezone.now()
        super().save(*args, **kwargs)
