"""Banners (the sidebar "image advertisement" slots of a portal page)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.images import get_image_model_string

from cong.core.links import is_safe_link
from cong.core.text import nfc


class Placement(models.TextChoices):
    SIDEBAR = "sidebar", "Cột phải (trên)"
    SIDEBAR_BOTTOM = "sidebar_bottom", "Cột phải (dưới)"
    HOME_TOP = "home_top", "Trang chủ (đầu trang)"


class BannerQuerySet(models.QuerySet["Banner"]):
    def current(self, placement: str, site_id: int | None) -> BannerQuerySet:
        """Banners of a site's slot that are showing now: started, not ended, in display order."""
        now = timezone.now()
        return (
            self.filter(site_id=site_id, placement=placement, active=True)
            .filter(Q(start_at__isnull=True) | Q(start_at__lte=now))
            .filter(Q(end_at__isnull=True) | Q(end_at__gt=now))
            .order_by("sort_order", "pk")
        )


class Banner(models.Model):
    """A banner of one Wagtail Site (the city portal or a component site with its own host)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="Website",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Cổng hiển thị banner này",
    )
    title = models.CharField("Tên banner", max_length=200, help_text="Tên nội bộ, để quản lý")
    image = models.ForeignKey(
        get_image_model_string(), verbose_name="Ảnh", on_delete=models.PROTECT, related_name="+"
    )
    alt_text = models.CharField(
        "Văn bản thay thế", max_length=300, help_text="Nội dung của ảnh cho người khiếm thị (bắt buộc)"
    )
    link_url = models.CharField(
        "Liên kết", max_length=500, blank=True, help_text="Địa chỉ khi bấm vào banner"
    )
    placement = models.CharField(
        "Vị trí", max_length=30, choices=Placement.choices, default=Placement.SIDEBAR
    )
    sort_order = models.PositiveIntegerField("Thứ tự", default=0)
    start_at = models.DateTimeField("Bắt đầu hiển thị", null=True, blank=True)
    end_at = models.DateTimeField("Kết thúc hiển thị", null=True, blank=True)
    active = models.BooleanField("Đang dùng", default=True)

    objects = BannerQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("link_url"),
        FieldRowPanel([FieldPanel("placement"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = "Banner"
        verbose_name_plural = "Banner"
        ordering = ["placement", "sort_order", "pk"]
        indexes = [models.Index(fields=["site", "placement", "active", "sort_order"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title, self.alt_text = nfc(self.title), nfc(self.alt_text)
        super().save(*args, **kwargs)

    @property
    def safe_link_url(self) -> str:
        """The link, or "" when it is not one a banner may carry (e.g. stored before validation)."""
        return self.link_url if self.link_url and is_safe_link(self.link_url) else ""

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.link_url and not is_safe_link(self.link_url):
            errors["link_url"] = (
                "Liên kết không hợp lệ: chỉ nhận địa chỉ https://, http://, mailto:, tel: "
                "hoặc đường dẫn trong cổng (bắt đầu bằng /)."
            )
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            errors["end_at"] = "Thời điểm kết thúc phải sau thời điểm bắt đầu."
        if errors:
            raise ValidationError(errors)
