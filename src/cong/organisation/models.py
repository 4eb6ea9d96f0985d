"""The agency itself: units, people and the leaders' weekly work schedule, and the pages showing them.

Units and people are translatable snippets (``TranslatableMixin``) of one Wagtail site; the
introduction, organisation chart, contact directory and schedule are page types, so each lives in a
site's page tree and gets a locale. Unit and person pages are routes of the organisation chart page.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Site, TranslatableMixin

from cong.core.models import BasePage
from cong.core.text import gettext_noop, nfc, slugify_vi, strip_diacritics

from .forms import ScheduleWeekForm
from .tags import schedule_feed_tag, schedule_tag, week_label


class UnitKind(models.TextChoices):
    # Labels marked for the catalogs: English pages show them translated (docs/i18n.md).
    AGENCY = "co-quan", gettext_noop("Cơ quan")
    OFFICE = "van-phong", gettext_noop("Văn phòng")
    DEPARTMENT = "so", gettext_noop("Sở")
    BOARD = "ban", gettext_noop("Ban")
    URBAN_DISTRICT = "quan", gettext_noop("Quận")
    RURAL_DISTRICT = "huyen", gettext_noop("Huyện")
    DIVISION = "phong", gettext_noop("Phòng")
    OTHER = "khac", gettext_noop("Khác")


class SiteOwned(models.Model):
    """A row of one Wagtail site; ``slug`` made from the name, NFC text."""

    site = models.ForeignKey(Site, verbose_name="Trang (site)", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField("Đường dẫn", max_length=100, blank=True, allow_unicode=False)
    sort_order = models.PositiveIntegerField("Thứ tự", default=100)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str):
                setattr(self, field.attname, nfc(value.strip()))
        base = self.slug or slugify_vi(getattr(self, "name", "") or str(self))
        others = type(self).objects.filter(site_id=self.site_id, locale_id=getattr(self, "locale_id", None))
        slug, n = base, 1
        while others.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base[:90]}-{n}"
        self.slug = slug


class Unit(TranslatableMixin, SiteOwned):
    """A unit of the organisation (Văn phòng, Sở, Ban, Quận, Huyện...), in a tree through ``parent``."""

    name = models.CharField("Tên đơn vị", max_length=300)
    kind = models.CharField("Loại đơn vị", max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="Đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    functions = RichTextField(
        "Chức năng, nhiệm vụ", blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    address = models.CharField("Địa chỉ", max_length=300, blank=True)
    phone = models.CharField("Điện thoại", max_length=100, blank=True)
    fax = models.CharField("Fax", max_length=100, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    website = models.URLField("Trang web", blank=True)
    head = models.ForeignKey(
        "Person",
        verbose_name="Người đứng đầu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("parent"), FieldPanel("sort_order")]),
        FieldPanel("head"),
        FieldPanel("functions"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
            ],
            heading="Liên hệ",
        ),
        FieldPanel("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "locale", "slug"], name="organisation_unit_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {"parent": "Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới."}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if self.parent is not None and self.parent.site_id != self.site_id:
            raise ValidationError({"parent": "Đơn vị cấp trên phải thuộc cùng trang (site)."})

    @property
    def search_text(self) -> str:
        return strip_diacritics(" ".join([self.name, self.address, self.phone, self.email])).lower()


class Person(TranslatableMixin, SiteOwned):
    """A leader or focal officer: name, title, unit, contacts, tasks and a short biography."""

    name = models.CharField("Họ và tên", max_length=200)
    title = models.CharField("Chức vụ", max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="Đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Ảnh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField("Điện thoại", max_length=100, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    tasks = models.TextField("Nhiệm vụ được phân công", blank=True)
    biography = RichTextField("Tóm tắt tiểu sử", blank=True, features=["bold", "italic", "ol", "ul"])
    is_leader = models.BooleanField(
        "Lãnh đạo", default=False, help_text="Hiện trên trang lãnh đạo và lịch công tác"
    )
    is_focal = models.BooleanField(
        "Đầu mối liên hệ", default=False, help_text="Cán bộ đầu mối (Nghị định 42/2022)"
    )

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("is_leader"), FieldPanel("is_focal")]),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("tasks"),
        FieldPanel("biography"),
        FieldPanel("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "Cán bộ"
        verbose_name_plural = "Lãnh đạo, cán bộ"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "locale", "slug"], name="organisation_person_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.title}" if self.title else self.name

    @property
    def search_text(self) -> str:
        parts = [self.name, self.title, self.phone, self.email, self.unit.name if self.unit else ""]
        return strip_diacritics(" ".join(parts)).lower()


def iso_week_start(year: int, week: int) -> date:
    """Monday of ISO week ``week`` of ``year`` (ValueError when there is no such week)."""
    return date.fromisocalendar(year, week, 1)


class ScheduleWeek(ClusterableModel):
    """One week of the leaders' work schedule (Lịch công tác tuần), entered at once in the admin."""

    site = models.ForeignKey(Site, verbose_name="Trang (site)", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    week = models.PositiveSmallIntegerField(
        "Tuần", help_text="Số tuần theo ISO 8601 (1–53), tuần bắt đầu thứ Hai"
    )
    note = models.TextField("Ghi chú", blank=True)
    updated_at = models.DateTimeField("Cập nhật", auto_now=True)

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("week")]),
        InlinePanel("entries", heading="Các hoạt động trong tuần", label="Hoạt động"),
        FieldPanel("note"),
    ]
    base_form_class = ScheduleWeekForm

    class Meta:
        verbose_name = "Lịch công tác tuần"
        verbose_name_plural = "Lịch công tác"
        ordering = ["-year", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "week"], name="organisation_week_unique"),
        ]

    def __str__(self) -> str:
        try:
            start = self.start
        except ValueError:
            return f"Tuần {self.week}/{self.year}"
        end = start + timedelta(days=6)
        return f"Tuần {self.week}/{self.year} ({start:%d/%m} – {end:%d/%m/%Y})"

    @property
    def start(self) -> date:
        return iso_week_start(self.year, self.week)

    @property
    def label(self) -> str:
        return week_label(self.year, self.week)

    @property
    def tags(self) -> list[str]:
        """The page-cache tags this week's changes invalidate (its week, the feeds)."""
        return [schedule_tag(self.site_id, self.year, self.week), schedule_feed_tag(self.site_id)]

    def clean(self) -> None:
        try:
            iso_week_start(self.year, self.week)
        except (TypeError, ValueError):
            raise ValidationError({"week": "Năm này không có tuần số này."}) from None


class ScheduleEntry(Orderable, ClusterableModel):
    """One activity: date, time, leader(s), content, place, lead unit and participants."""

    week = ParentalKey(ScheduleWeek, on_delete=models.CASCADE, related_name="entries")
    day = models.DateField("Ngày")
    start_time = models.TimeField("Giờ bắt đầu", null=True, blank=True)
    end_time = models.TimeField("Giờ kết thúc", null=True, blank=True)
    leaders = ParentalManyToManyField(
        Person, verbose_name="Lãnh đạo", blank=True, related_name="schedule_entries"
    )
    content = models.TextField("Nội dung")
    place = models.CharField("Địa điểm", max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name="Đơn vị chủ trì",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.TextField("Thành phần tham dự", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("leaders"),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("lead_unit")]),
        FieldPanel("participants"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Hoạt động"
        verbose_name_plural = "Hoạt động"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.content[:60]}"

    def clean(self) -> None:
        self.content, self.place = nfc(self.content.strip()), nfc(self.place.strip())
        self.participants = nfc(self.participants.strip())
        errors = {}
        week = getattr(self, "week", None)
        if week is not None and self.day is not None and (week.year, week.week) != self.day.isocalendar()[:2]:
            errors["day"] = "Ngày phải nằm trong tuần của lịch."
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "Giờ kết thúc phải sau giờ bắt đầu."
        if errors:
            raise ValidationError(errors)


class IntroductionPage(BasePage):
    """Giới thiệu: the agency's functions and tasks (from its top unit), address, contacts and leaders."""

    body = RichTextField("Lời giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["organisation.OrganisationChartPage", "organisation.DirectoryPage"]

    class Meta:
        verbose_name = "Trang giới thiệu"
        verbose_name_plural = "Trang giới thiệu"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from .views import introduction_context

        return {**super().get_context(request, *args, **kwargs), **introduction_context(self, request)}


class OrganisationChartPage(RoutablePageMixin, BasePage):
    """Cơ cấu tổ chức: the units as a nested list; each unit's and each person's page below it."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage", "organisation.IntroductionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Trang cơ cấu tổ chức"
        verbose_name_plural = "Trang cơ cấu tổ chức"

    def get_sitemap_urls(self, request: Any = None) -> list[dict[str, Any]]:
        from .views import organisation_sitemap

        return [*super().get_sitemap_urls(request), *organisation_sitemap(self, request)]

    @path("", name="chart")
    def chart_view(self, request: HttpRequest) -> HttpResponse:
        from .views import chart

        return chart(self, request)

    @re_path(r"^don-vi/(?P<slug>[a-z0-9-]{1,100})/$", name="unit")
    def unit_view(self, request: HttpRequest, slug: str) -> HttpResponse:
        from .views import unit_detail

        return unit_detail(self, request, slug)

    @re_path(r"^can-bo/(?P<slug>[a-z0-9-]{1,100})/$", name="person")
    def person_view(self, request: HttpRequest, slug: str) -> HttpResponse:
        from .views import person_detail

        return person_detail(self, request, slug)


class DirectoryPage(BasePage):
    """Danh bạ: units and people with their contacts, searchable with or without diacritics."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage", "organisation.IntroductionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Trang danh bạ"
        verbose_name_plural = "Trang danh bạ"

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from .views import directory

        return directory(self, request)


class SchedulePage(RoutablePageMixin, BasePage):
    """Lịch công tác: a week of the schedule with previous/next week, print view and iCalendar feeds."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Trang lịch công tác"
        verbose_name_plural = "Trang lịch công tác"

    @path("", name="week")
    def week_view(self, request: HttpRequest) -> HttpResponse:
        from .views import schedule_week

        return schedule_week(self, request, printable=False)

    @path("in/", name="print")
    def print_view(self, request: HttpRequest) -> HttpResponse:
        from .views import schedule_week

        return schedule_week(self, request, printable=True)

    @path("ical/", name="ical")
    def ical_view(self, request: HttpRequest) -> HttpResponse:
        from .views import schedule_ical

        return schedule_ical(self, request, None)

    @re_path(r"^ical/(?P<slug>[a-z0-9-]{1,100})/$", name="ical_person")
    def ical_person_view(self, request: HttpRequest, slug: str) -> HttpResponse:
        from .views import schedule_ical

        return schedule_ical(self, request, slug)
