"""News: the home page, categories (chuyên mục) and articles (tin bài)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from cong.core.address import public_base_url
from cong.core.blocks import BodyBlock
from cong.core.models import BasePage
from cong.core.text import nfc, slugify_vi
from cong.pagecache import vary_on_query

from .bylines import name_key, split_byline

ARTICLES_PER_PAGE = 20
RELATED_COUNT = 5
# Home > category > article > print view is 3 deep; nothing a reader can reach is deeper than this.
MAX_PATH_SEGMENTS = 12


def live_articles() -> models.QuerySet[ArticlePage]:
    return ArticlePage.objects.live().public().select_related("cover_image").order_by("-published_at", "-pk")


class HomePage(BasePage):
    """The portal's front page: featured news, then the latest news of each category."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    subpage_types = [  # Văn bản: cong.documents; Giới thiệu, Lịch công tác...: cong.organisation
        "news.CategoryPage",
        "documents.DocumentIndexPage",
        "organisation.IntroductionPage",
        "organisation.OrganisationChartPage",
        "organisation.DirectoryPage",
        "organisation.SchedulePage",
    ]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "Trang chủ"

    @property
    def meta_description(self) -> str:
        return self.search_description or self.intro

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Find the pages of the path in one query (indexed slugs) instead of two queries per level.

        Same result as Wagtail's level-by-level walk, which does not check the liveness of the pages
        it passes through either; what remains of the path goes to the deepest page found (e.g. an
        article's print view), which answers 404 for anything it does not know.
        """
        if not path_components:
            return super().route(request, path_components)
        if len(path_components) > MAX_PATH_SEGMENTS:
            raise Http404  # no page is that deep; do not build a query clause per segment
        levels = Q()
        for n, slug in enumerate(path_components, start=1):
            levels |= Q(depth=self.depth + n, slug=slug)
        candidates = list(Page.objects.filter(levels, path__startswith=self.path))
        found, parent_path = None, self.path
        for n, slug in enumerate(path_components, start=1):
            step = next(
                (
                    p
                    for p in candidates
                    if p.depth == self.depth + n and p.slug == slug and p.path.startswith(parent_path)
                ),
                None,
            )
            if step is None:
                break
            found, parent_path = step, step.path
        if found is None:
            raise Http404
        return found.specific.route(request, path_components[found.depth - self.depth :])

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Queried only if the template renders them (not when its cached fragment is used instead).
        news = SimpleLazyObject(self.front_page_news)
        context.update(
            featured=SimpleLazyObject(lambda: news["featured"]),
            sections=SimpleLazyObject(lambda: news["sections"]),
            latest=SimpleLazyObject(lambda: news["latest"]),
        )
        return context

    def front_page_news(self) -> dict[str, Any]:
        articles = live_articles().descendant_of(self)
        # A component site under a path of this one (cong.sites, path-prefix mode) has its own home.
        for nested in HomePage.objects.child_of(self).only("path", "depth"):
            articles = articles.not_descendant_of(nested, inclusive=True)
        featured = list(articles.filter(featured=True)[:5])
        if not featured:
            featured = list(articles[:5])
        sections = []
        for category in CategoryPage.objects.child_of(self).live().public().filter(show_in_menus=True):
            latest = list(articles.child_of(category).exclude(pk__in=[a.pk for a in featured[:1]])[:4])
            if latest:
                sections.append((category, latest))
        return {"featured": featured, "sections": sections, "latest": list(articles[:8])}


class CategoryPage(BasePage):
    """A news category (chuyên mục): its articles, newest first, paginated."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    subpage_types = ["news.ArticlePage"]
    parent_page_types = ["news.HomePage"]

    class Meta:
        verbose_name = "Chuyên mục"
        verbose_name_plural = "Chuyên mục"

    @property
    def meta_description(self) -> str:
        return self.search_description or self.intro

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        vary_on_query(request, "trang")
        paginator = Paginator(live_articles().child_of(self), ARTICLES_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("trang", 1))
        except (EmptyPage, PageNotAnInteger) as exc:
            raise Http404("Không có trang này") from exc
        context.update(articles=page.object_list, page_obj=page, paginator=paginator)
        return context


class ArticlePage(RoutablePageMixin, BasePage):
    """A news article (tin bài) as readers see it on the portal."""

    source = models.CharField("Nguồn tin", max_length=120, blank=True, help_text="Ví dụ: Haiphong.gov.vn")
    lede = models.TextField("Sapo", blank=True, help_text="Đoạn mở đầu tóm tắt nội dung tin bài")
    body = StreamField(BodyBlock(), verbose_name="Nội dung", blank=True)
    byline = models.CharField(
        "Tác giả", max_length=300, blank=True, help_text="Nhiều tác giả cách nhau bởi dấu gạch ngang ( - )"
    )
    published_at = models.DateTimeField(
        "Thời gian đăng", null=True, blank=True, db_index=True, help_text="Để trống: lấy thời điểm xuất bản"
    )
    cover_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name="Ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField("Tin nổi bật", default=False)
    fee_coefficient = models.DecimalField(
        "Hệ số nhuận bút",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Trưởng Ban biên tập chấm khi duyệt. Nhuận bút = hệ số × giá trị một hệ số "
        "(Cài đặt → Báo cáo và nhuận bút); chia đều cho các tác giả.",
    )
    legacy_url = models.CharField(
        "Địa chỉ cũ",
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        help_text="Địa chỉ của tin bài trên cổng cũ (dùng khi nhập dữ liệu)",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lede"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("byline"), FieldPanel("source"), FieldPanel("published_at"), FieldPanel("featured")],
            heading="Thông tin tin bài",
        ),
        FieldPanel("cover_image"),
        # Without the permission the field is not in the form at all (a forged POST cannot set it).
        FieldPanel("fee_coefficient", permission="news.set_fee"),
    ]
    promote_panels = [*BasePage.promote_panels, FieldPanel("legacy_url")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lede", boost=1.5),  # search tier B (docs/search.md)
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.CategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Tin bài"
        verbose_name_plural = "Tin bài"
        permissions = [("set_fee", "Chấm hệ số nhuận bút")]

    @property
    def meta_description(self) -> str:
        return self.search_description or self.lede

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.live and self.published_at is None:
            self.published_at = self.go_live_at or self.first_published_at or timezone.now()
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "byline" in update_fields:
            self.link_authors()

    def link_authors(self) -> None:
        """Make the article's author records match the names in its byline (creating new authors)."""
        authors = Author.for_names(split_byline(self.byline))
        current = list(self.author_links.order_by("position").values_list("author_id", flat=True))
        if current == [a.pk for a in authors]:
            return
        with transaction.atomic():
            self.author_links.all().delete()
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=self, author=author, position=n) for n, author in enumerate(authors)
            )

    def byline_authors(self) -> list[Author]:
        """The byline's authors (linked to their pages), or [] if the links do not match the byline
        shown (e.g. a draft preview whose byline was edited): the template then prints the text."""
        if not self.byline or self.pk is None:
            return []
        links = [link.author for link in self.author_links.select_related("author").order_by("position")]
        wanted = [name_key(name) for name in split_byline(self.byline)]
        return links if [a.name_key for a in links] == wanted else []

    @property
    def authors(self) -> list[str]:
        return split_byline(self.byline)

    @property
    def display_date(self) -> Any:
        return self.published_at or self.first_published_at or self.latest_revision_created_at

    def related_articles(self) -> list[ArticlePage]:
        return list(live_articles().sibling_of(self, inclusive=False).defer_streamfields()[:RELATED_COUNT])

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Queried only if the template uses it (not when its cached fragment is used instead).
        context["related"] = SimpleLazyObject(self.related_articles)
        context["article_json_ld"] = lambda: self.json_ld(request)
        return context

    def json_ld(self, request: HttpRequest) -> dict[str, Any]:
        """schema.org NewsArticle description of this article."""
        parts = self.get_url_parts(request)
        url = public_base_url(request) + (parts[2] if parts else "/")
        date = timezone.localtime(self.display_date) if self.display_date else None
        modified = timezone.localtime(self.last_published_at) if self.last_published_at else date
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.lede,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": self.locale.language_code,
            "datePublished": date.isoformat() if date else None,
            "dateModified": modified.isoformat() if modified else None,
            "author": [{"@type": "Person", "name": name} for name in self.authors],
        }
        if self.source:
            data["publisher"] = {"@type": "Organization", "name": self.source}
        return {key: value for key, value in data.items() if value}

    @path("in/", name="print")
    def print_view(self, request: HttpRequest) -> TemplateResponse:
        """Printer-friendly page (Decree 42/2022/NĐ-CP requires a print function)."""
        context = self.get_context(request)
        return TemplateResponse(request, "news/article_print.html", context)


class Author(models.Model):
    """A person named in bylines: their public page lists their articles; reports group by them."""

    name = models.CharField("Họ và tên", max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(
        "Đường dẫn", max_length=100, unique=True, blank=True, help_text="Để trống: tạo từ họ và tên"
    )
    unit = models.CharField("Đơn vị", max_length=200, blank=True, help_text="Ví dụ: Phòng Thông tin")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Tài khoản quản trị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Nếu tác giả có tài khoản trên cổng",
    )

    panels = [FieldPanel("name"), FieldPanel("unit"), FieldPanel("user"), FieldPanel("slug")]

    class Meta:
        verbose_name = "Tác giả"
        verbose_name_plural = "Tác giả"
        ordering = ["name_key", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = " ".join(nfc(self.name).split())
        self.unit = " ".join(nfc(self.unit).split())
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = self.unique_slug(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def unique_slug(cls, name: str) -> str:
        base = slugify_vi(name, max_length=90)
        slug, n = base, 1
        while cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @classmethod
    def for_names(cls, names: list[str]) -> list[Author]:
        """The author record of each name (the oldest one with that name), created if missing."""
        keys = [name_key(name) for name in names]
        found: dict[str, Author] = {}
        for author in cls.objects.filter(name_key__in=keys).order_by("-pk"):
            found[author.name_key] = author
        for name, key in zip(names, keys, strict=True):
            if key not in found:
                found[key] = cls.objects.create(name=name)
        return [found[key] for key in keys]

    @property
    def url(self) -> str:
        return reverse("news_author", args=[self.slug])

    def articles(self) -> models.QuerySet[ArticlePage]:
        return live_articles().filter(author_links__author=self)


class ArticleAuthor(models.Model):
    """One name of an article's byline, in byline order. Kept in step with the byline on save."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="author_links")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="news_article_author_once")]

    def __str__(self) -> str:
        return f"{self.author_id} → {self.article_id}"
