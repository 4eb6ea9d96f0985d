"""The main menu (per site), the linked portals, the administrative procedures list and the EMC code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from cong.core.links import is_safe_link
from cong.core.text import nfc

_BAD_LINK = (
    "Liên kết không hợp lệ: chỉ nhận địa chỉ https://, http://, mailto:, tel: "
    "hoặc đường dẫn trong cổng (bắt đầu bằng /)."
)


def localised(vi: str, en: str) -> str:
    """The English text on English pages when there is one, else the Vietnamese text."""
    return en if en and translation.get_language() == "en" else vi


class LinkBlock(blocks.StructBlock):
    """One menu entry: a page of the portal (its translation on English pages) or an address."""

    label = blocks.CharBlock(label="Nhãn (tiếng Việt)", max_length=60)
    label_en = blocks.CharBlock(
        label="Nhãn (tiếng Anh)",
        max_length=60,
        required=False,
        help_text="Để trống: mục không hiện ở bản tiếng Anh",
    )
    page = blocks.PageChooserBlock(label="Trang", required=False)
    url = blocks.CharBlock(
        label="hoặc địa chỉ",
        max_length=300,
        required=False,
        help_text="Ví dụ: /van-ban/ hoặc https://dichvucong.gov.vn/",
    )

    class Meta:
        icon = "link"
        label = "Mục"

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        url = value.get("url") or ""
        if not value.get("page") and not url and not value.get("children"):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError("Chọn một trang hoặc nhập địa chỉ.")}
            )
        if url and not is_safe_link(url):
            raise blocks.StructBlockValidationError({"url": ValidationError(_BAD_LINK)})
        return value


class GroupBlock(LinkBlock):
    """An entry with a drop-down of entries (one level only)."""

    children = blocks.ListBlock(LinkBlock(), label="Mục con", min_num=1, max_num=12)

    class Meta:
        icon = "list-ul"
        label = "Nhóm có mục con"


@register_setting(icon="list-ul")
class MainMenu(BaseSiteSetting):
    """The main menu of a site: entries in order, each a page or address, some with a drop-down."""

    items = StreamField(
        [("link", LinkBlock()), ("group", GroupBlock())],
        verbose_name="Các mục",
        blank=True,
        help_text="Để trống: trình đơn gồm các trang cấp một được đánh dấu “Hiện trong trình đơn”.",
    )

    panels = [FieldPanel("items")]

    class Meta:
        verbose_name = "Trình đơn chính"
        verbose_name_plural = "Trình đơn chính"


@register_setting(icon="code")
class TrackingSettings(BaseSiteSetting):
    """The national monitoring system's (EMC, Thông tư 22/2023/TT-BTTTT) tracking script."""

    emc_script_url = models.URLField(
        "Địa chỉ mã theo dõi EMC",
        blank=True,
        help_text="Địa chỉ tệp script (https://…) do Hệ thống EMC cấp. Để trống: không nhúng.",
    )
    emc_site_id = models.CharField(
        "Mã định danh trang (EMC)", max_length=100, blank=True, help_text="Nếu Hệ thống EMC cấp kèm mã"
    )

    panels = [FieldPanel("emc_script_url"), FieldPanel("emc_site_id")]

    class Meta:
        verbose_name = "Mã theo dõi EMC"
        verbose_name_plural = "Mã theo dõi EMC"

    def clean(self) -> None:
        if self.emc_script_url and urlsplit(self.emc_script_url).scheme != "https":
            raise ValidationError({"emc_script_url": "Địa chỉ mã theo dõi phải bắt đầu bằng https://."})

    @property
    def emc_origin(self) -> str:
        """scheme://host[:port] of the script, the one origin the CSP then allows; "" without one."""
        if not self.emc_script_url:
            return ""
        parts = urlsplit(self.emc_script_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme == "https" and parts.netloc else ""


class _SiteLink(models.Model):
    site = models.ForeignKey(Site, verbose_name="Trang web", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Tên (tiếng Việt)", max_length=200)
    name_en = models.CharField("Tên (tiếng Anh)", max_length=200, blank=True)
    url = models.URLField("Địa chỉ", max_length=500)
    sort_order = models.PositiveIntegerField("Thứ tự", default=0)
    active = models.BooleanField("Đang hiện", default=True)

    class Meta:
        abstract = True
        ordering = ["site", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name, self.name_en = nfc(self.name.strip()), nfc(self.name_en.strip())
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.url and urlsplit(self.url).scheme not in ("http", "https"):
            raise ValidationError({"url": "Chỉ nhận địa chỉ http:// hoặc https://."})

    @property
    def display_name(self) -> str:
        return localised(self.name, self.name_en)


class LinkedPortal(_SiteLink):
    """A portal linked from the footer (Cổng TTĐT Chính phủ, Cổng Dịch vụ công quốc gia, …)."""

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("active")]),
    ]

    class Meta(_SiteLink.Meta):
        verbose_name = "Liên kết cổng thông tin"
        verbose_name_plural = "Liên kết cổng thông tin"


class ProcedureLink(_SiteLink):
    """An administrative procedure or online public service, answered on a service portal elsewhere."""

    field = models.CharField("Lĩnh vực", max_length=200, blank=True, help_text="Ví dụ: Đất đai, Hộ tịch")
    field_en = models.CharField("Lĩnh vực (tiếng Anh)", max_length=200, blank=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldRowPanel([FieldPanel("field"), FieldPanel("field_en")]),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("active")]),
    ]

    class Meta(_SiteLink.Meta):
        verbose_name = "Thủ tục hành chính, dịch vụ công"
        verbose_name_plural = "Thủ tục hành chính, dịch vụ công"
        ordering = ["site", "field", "sort_order", "pk"]

    @property
    def display_field(self) -> str:
        return localised(self.field, self.field_en)
