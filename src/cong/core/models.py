"""The abstract base page every public page derives from, and the portal-wide settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from .text import nfc, nfc_deep, slugify_vi


class BasePage(Page):
    """Common behaviour of Cổng pages: NFC text and ASCII slugs made from Vietnamese titles."""

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        """Source text of the page's <meta name="description"> (cut to length by the template tag)."""
        return self.search_description

    def normalise_text(self) -> None:
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname, None)
            if isinstance(value, str):
                setattr(self, field.attname, nfc(value))
            elif isinstance(field, StreamField) and value is not None:
                raw = value.get_prep_value() if hasattr(value, "get_prep_value") else value
                normalised = nfc_deep(raw)
                if normalised != raw:
                    setattr(self, field.attname, normalised)

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self.normalise_text()
        if not self.slug or not self.slug.isascii():
            self.slug = slugify_vi(self.slug or self.title)
        super().full_clean(*args, **kwargs)


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """What the header and footer of every page say about the portal and the agency behind it."""

    portal_name = models.CharField("Tên cổng", max_length=200, default="Cổng Thông tin điện tử")
    portal_area = models.CharField(
        "Địa phương / cơ quan", max_length=200, blank=True, help_text="Ví dụ: thành phố Hải Phòng"
    )
    managing_agency = models.CharField("Cơ quan quản lý", max_length=300, blank=True)
    editor_in_chief = models.CharField(
        "Trưởng Ban biên tập", max_length=300, blank=True, help_text="Ví dụ: Chánh Văn phòng Trần Huy Kiên"
    )
    address = models.CharField("Địa chỉ", max_length=300, blank=True)
    phones = models.CharField(
        "Điện thoại", max_length=200, blank=True, help_text="Nhiều số cách nhau bởi dấu gạch ngang ( - )"
    )
    email = models.EmailField("Thư điện tử", blank=True)
    facebook_url = models.URLField("Trang Facebook", blank=True)
    youtube_url = models.URLField("Kênh YouTube", blank=True)
    licence = models.CharField(
        "Giấy phép", max_length=300, blank=True, help_text="Số giấy phép thiết lập trang thông tin điện tử"
    )

    # The English public pages (/en/) show these when set (docs/i18n.md).
    portal_name_en = models.CharField("Tên cổng (tiếng Anh)", max_length=200, blank=True)
    portal_area_en = models.CharField("Địa phương / cơ quan (tiếng Anh)", max_length=200, blank=True)
    managing_agency_en = models.CharField("Cơ quan quản lý (tiếng Anh)", max_length=300, blank=True)
    editor_in_chief_en = models.CharField("Trưởng Ban biên tập (tiếng Anh)", max_length=300, blank=True)
    address_en = models.CharField("Địa chỉ (tiếng Anh)", max_length=300, blank=True)

    class Meta:
        verbose_name = "Thông tin cổng"
        verbose_name_plural = "Thông tin cổng"

    def save(self, *args: Any, **kwargs: Any) -> None:
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str):
                setattr(self, field.attname, nfc(value.strip()))
        super().save(*args, **kwargs)

    @property
    def phone_list(self) -> list[str]:
        return [part.strip() for part in self.phones.split(" - ") if part.strip()]

    def in_language(self, language: str) -> PortalSettings:
        """A copy (never saved) whose texts are the ``*_en`` ones on English pages, where set."""
        if language == settings.LANGUAGE_CODE:
            return self
        copy = PortalSettings(**{f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields})
        for name in ENGLISH_FIELDS:
            value = getattr(self, f"{name}_{language}", "")
            if value:
                setattr(copy, name, value)
        copy._state.adding = False
        return copy


ENGLISH_FIELDS = ("portal_name", "portal_area", "managing_agency", "editor_in_chief", "address")
