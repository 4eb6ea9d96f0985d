"""Component sites (cổng thành phần): the registry ``new_site`` keeps, per-site theme, shares upward."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string

from cong.core.text import nfc

from .palette import HEX_COLOUR, MIN_CONTRAST, WHITE, contrast


class ComponentSite(models.Model):
    """One component portal created by ``./cong new_site``: its home, its board's groups, its folder.

    Host mode: its own Wagtail Site (``host``). Path-prefix mode: its home is a child of the city's
    home page, served by the city's Site under ``/<path_prefix>/`` (docs/sites.md).
    """

    name = models.CharField("Tên", max_length=200, unique=True)
    slug = models.SlugField("Mã", max_length=100, unique=True)
    host = models.CharField("Tên miền", max_length=255, blank=True)
    path_prefix = models.SlugField("Đường dẫn", max_length=100, blank=True)
    parent_unit = models.CharField(
        "Đơn vị chủ quản", max_length=200, blank=True, help_text="Tên hoặc mã đơn vị (cong.organisation)"
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


@register_setting(icon="site")
class SiteTheme(BaseSiteSetting):
    """A site's own colour and logo, within the accessible palette (contrast ≥ 4.5:1 with white)."""

    brand_colour = models.CharField(
        "Màu chủ đạo",
        max_length=7,
        blank=True,
        help_text="Mã màu dạng #0b4f8a; chữ trắng trên nền màu này phải có độ tương phản từ 4,5:1 trở lên.",
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name="Biểu trưng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("brand_colour"), FieldPanel("logo")]

    class Meta:
        verbose_name = "Giao diện cổng"
        verbose_name_plural = "Giao diện cổng"

    def clean(self) -> None:
        colour = self.brand_colour.strip().lower()
        if not colour:
            return
        if not HEX_COLOUR.fullmatch(colour):
            raise ValidationError({"brand_colour": "Mã màu phải có dạng #rrggbb, ví dụ #0b4f8a."})
        ratio = contrast(colour, WHITE)
        if ratio < MIN_CONTRAST:
            raise ValidationError(
                {
                    "brand_colour": f"Độ tương phản giữa chữ trắng và màu {colour} là {ratio:.2f}:1, "
                    f"thấp hơn mức tối thiểu {MIN_CONTRAST}:1 (WCAG 2.1 AA). Hãy chọn màu đậm hơn."
                }
            )
        self.brand_colour = colour


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
