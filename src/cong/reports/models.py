"""The reports' settings (author fee scale, freshness limit) and the permissions of the reports."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

# Giá trị một đơn vị hệ số nhuận bút: 10% of the base salary (mức lương cơ sở, 2,340,000 đồng since
# 1 July 2024) as Nghị định 18/2014/NĐ-CP sets it; the portal changes it here when the law changes.
DEFAULT_FEE_UNIT = 234_000
DEFAULT_STALE_DAYS = 90


@register_setting(icon="clipboard-list")
class ReportSettings(ClusterableModel, BaseGenericSetting):
    """Author fees (nhuận bút) and the freshness limit of the Decree 42 self-check."""

    fees_enabled = models.BooleanField(
        "Tính nhuận bút",
        default=False,
        help_text="Bật để Thống kê tin bài tính nhuận bút theo hệ số Trưởng Ban biên tập chấm cho từng tin bài.",
    )
    fee_unit = models.PositiveIntegerField(
        "Giá trị một hệ số (đồng)",
        default=DEFAULT_FEE_UNIT,
        help_text="Nhuận bút của một tin bài = hệ số × giá trị một hệ số, chia đều cho các tác giả.",
    )
    stale_after_days = models.PositiveIntegerField(
        "Quá hạn cập nhật sau (ngày)",
        default=DEFAULT_STALE_DAYS,
        validators=[MinValueValidator(1)],
        help_text="Tự đánh giá Nghị định 42: mục thông tin không được cập nhật trong số ngày này bị coi là cũ.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("fees_enabled"), FieldPanel("fee_unit"), InlinePanel("fee_grades", label="Mức")],
            heading="Nhuận bút",
        ),
        FieldPanel("stale_after_days"),
    ]

    class Meta:
        verbose_name = "Báo cáo và nhuận bút"
        verbose_name_plural = "Báo cáo và nhuận bút"
        permissions = [
            ("view_output_report", "Xem thống kê tin bài"),
            ("view_fees", "Xem nhuận bút"),
            ("view_selfcheck", "Xem tự đánh giá theo Nghị định 42/2022"),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class FeeGrade(Orderable):
    """One step of the fee scale (khung nhuận bút), e.g. "Tin ngắn" = 1,0; for reference in the editor."""

    settings = ParentalKey(ReportSettings, on_delete=models.CASCADE, related_name="fee_grades")
    name = models.CharField("Loại tác phẩm", max_length=100, help_text="Ví dụ: Tin, Bài phản ánh, Ảnh")
    coefficient = models.DecimalField(
        "Hệ số", max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    panels = [FieldPanel("name"), FieldPanel("coefficient")]

    class Meta(Orderable.Meta):
        verbose_name = "Mức nhuận bút"
        verbose_name_plural = "Khung nhuận bút"

    def __str__(self) -> str:
        return f"{self.name}: {self.coefficient}"
